/**
 * Category, Kind, Mixin and Action (Core §5.3.1, §5.3.3–5.3.5).
 *
 * Categories reference each other by type identifier (scheme + term, Core
 * §5.3.1), never by object, so that every category is plain data that can be
 * written as JSON and rendered unchanged.
 */
import type { Attribute } from './attribute.js';

/** `scheme` + `term`, e.g. `http://schemas.ogf.org/occi/infrastructure#compute` (Core §5.3.1). */
export type TypeIdentifier = string;

export type CategoryClass = 'kind' | 'mixin' | 'action';

interface CategoryBase {
  readonly scheme: string;
  readonly term: string;
  readonly title?: string;
  /** Attribute definitions by name, in declaration order. */
  readonly attributes: ReadonlyMap<string, Attribute>;
}

/** Kind (Core §5.3.3): the type identifier of an Entity sub-type. */
export interface Kind extends CategoryBase {
  readonly class: 'kind';
  /** The parent Kind; absent only for Entity itself. */
  readonly parent?: TypeIdentifier;
  readonly actions: readonly TypeIdentifier[];
  /** Absolute path the Kind's collection is bound to; absent for non-instantiable kinds (HTTP §4). */
  readonly location?: string;
}

/** Mixin (Core §5.3.4). */
export interface Mixin extends CategoryBase {
  readonly class: 'mixin';
  readonly depends: readonly TypeIdentifier[];
  /** Kinds this mixin may be associated with; empty means any (Core §5.3.4). */
  readonly applies: readonly TypeIdentifier[];
  readonly actions: readonly TypeIdentifier[];
  readonly location?: string;
  /** The user who defined this mixin through the query interface; absent for extension mixins. */
  readonly owner?: string;
}

/** Action (Core §5.3.5): identifies an invocable operation; attributes are its parameters. */
export interface Action extends CategoryBase {
  readonly class: 'action';
}

export type Category = Kind | Mixin | Action;

/** Concatenates scheme and term into the unique type identifier (Core §5.3.1). */
export function typeIdentifier(category: { scheme: string; term: string }): TypeIdentifier {
  return category.scheme + category.term;
}

/**
 * Splits a type identifier at its last `#` (scheme keeps the `#`). Returns
 * undefined when there is no `#` or the term is empty.
 */
export function splitTypeIdentifier(id: string): { scheme: string; term: string } | undefined {
  const hash = id.lastIndexOf('#');
  if (hash < 0 || hash === id.length - 1) return undefined;
  return { scheme: id.slice(0, hash + 1), term: id.slice(hash + 1) };
}

/** The base URL reserved for the OCCI documents' schemes (Core §5.3.1). */
export const OCCI_SCHEME_BASE = 'http://schemas.ogf.org/occi/';

/** True when a scheme belongs to the OCCI specification suite. */
export function isSpecScheme(scheme: string): boolean {
  return scheme.startsWith(OCCI_SCHEME_BASE);
}

/** Text rendering term syntax (GFD.229 §4.1): `( ALPHA | DIGIT ) *( ALPHA | DIGIT | "-" | "_" | "." )`. */
export const TERM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Attribute name syntax (GFD.229 §4.3). */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
