/**
 * Attributes a mixin redefines (Core §5.3.2, §5.3.4). One rule, for
 * extensions and user mixins alike: a mixin may refine an inherited
 * attribute's default, pattern (which then holds in addition to the
 * inherited one) and description, but not its type, mutability or
 * required-ness. So what discovery renders for a mixin is what the server
 * enforces on an entity carrying it (`Model.attributes`).
 *
 * In an extension document a redefinition states only what it refines: the
 * type, mutability and required-ness it leaves out are the inherited ones
 * (`inheritProperties`). A rendering gives what a client leaves out its own
 * defaults (JSON §3.5.1: string, immutable, optional), so a user mixin
 * states them.
 */
import { ATTRIBUTE_TYPES, type Attribute, type AttributeSpec, defineAttribute } from '../attribute.js';
import { checkAttributeValue, patternProblem } from '../attribute-value.js';
import { typeIdentifier } from '../category.js';
import type { ExtensionDocument, MixinDefinition } from '../extension-document.js';

/** `override` (a later definition of the same name) refining `base`, as `Model.attributes` enforces it. */
export function mergeAttribute(base: Attribute | undefined, override: Attribute): Attribute {
  if (!base) return override;
  const merged: { -readonly [K in keyof Attribute]: Attribute[K] } = { ...base };
  if (override.default !== undefined) merged.default = override.default;
  if (override.description !== undefined) merged.description = override.description;
  if (override.pattern !== undefined)
    merged.pattern =
      base.pattern === undefined || JSON.stringify(base.pattern) === JSON.stringify(override.pattern)
        ? override.pattern
        : { allOf: [base.pattern, override.pattern] };
  return merged;
}

/** An attribute definition a mixin inherits, and the category defining it (for messages). */
export interface InheritedAttribute {
  readonly attribute: Attribute;
  readonly from: string;
}

/** One way a redefinition departs from what it inherits. */
export interface RedefinitionProblem {
  readonly property: 'type' | 'mutable' | 'required' | 'default';
  readonly message: string;
}

const REFINABLE = 'a mixin may refine only the default, pattern and description of an attribute it inherits';

const describe = {
  type: (a: Attribute) => `of type ${a.type}`,
  mutable: (a: Attribute) => (a.mutable ? 'mutable' : 'immutable'),
  required: (a: Attribute) => (a.required ? 'required' : 'optional'),
};

/**
 * Core §5.3.2: the problems of `attribute`, defined by `owner`, redefining
 * `inherited`: each of type, mutability and required-ness it changes, and a
 * default the inherited definition (its type and pattern) refuses.
 */
export function redefinitionProblems(
  owner: string,
  attribute: Attribute,
  inherited: InheritedAttribute,
): RedefinitionProblem[] {
  const problems: RedefinitionProblem[] = [];
  const base = inherited.attribute;
  for (const property of ['type', 'mutable', 'required'] as const) {
    if (attribute[property] === base[property]) continue;
    problems.push({
      property,
      message: `${owner}: attribute ${attribute.name} is ${describe[property](attribute)}, but ${inherited.from} defines it ${describe[property](base)}; ${REFINABLE} (Core §5.3.2)`,
    });
  }
  if (attribute.default !== undefined && attribute.type === base.type) {
    const wrong = checkAttributeValue(base, attribute.default);
    if (wrong)
      problems.push({
        property: 'default',
        message: `${owner}: default of attribute ${attribute.name}: ${wrong}, as ${inherited.from} defines it (an inherited pattern holds too)`,
      });
  }
  return problems;
}

/** A definition the load-time checks accept (an object of a known type, with a valid pattern). */
function wellFormed(a: AttributeSpec): boolean {
  return (
    a !== null &&
    typeof a === 'object' &&
    (a.type === undefined || ATTRIBUTE_TYPES.includes(a.type)) &&
    (a.pattern === undefined || patternProblem(a.pattern) === undefined)
  );
}

/**
 * The first definition of every attribute name in the extensions: a kind's
 * if any kind defines it, else the first mixin's. One attribute name means
 * one attribute: every later mixin definition of it is a redefinition.
 */
export function firstDefinitions(extensions: readonly ExtensionDocument[]): Map<string, InheritedAttribute> {
  const first = new Map<string, InheritedAttribute>();
  const kinds = extensions.flatMap((e) => e.kinds ?? []);
  const mixins = extensions.flatMap((e) => e.mixins ?? []);
  for (const c of [...kinds, ...mixins])
    for (const [name, a] of Object.entries(c.attributes ?? {}))
      if (!first.has(name) && wellFormed(a))
        first.set(name, { attribute: defineAttribute(name, a), from: typeIdentifier(c) });
  return first;
}

/** An extension document's redefinition with the type, mutability and required-ness it leaves out inherited. */
export function inheritProperties(spec: AttributeSpec, base: Attribute): AttributeSpec {
  return {
    ...spec,
    type: spec.type ?? base.type,
    mutable: spec.mutable ?? base.mutable,
    required: spec.required ?? base.required,
  };
}

/** The mixin definition with its redefinitions' left-out properties inherited (`inheritProperties`). */
export function withInheritedProperties(
  d: MixinDefinition,
  first: ReadonlyMap<string, InheritedAttribute>,
): MixinDefinition {
  if (d.attributes === undefined) return d;
  const id = typeIdentifier(d);
  const attributes: Record<string, AttributeSpec> = {};
  for (const [name, spec] of Object.entries(d.attributes)) {
    const inherited = first.get(name);
    attributes[name] =
      inherited && inherited.from !== id && wellFormed(spec)
        ? inheritProperties(spec, inherited.attribute)
        : spec;
  }
  return { ...d, attributes };
}

/**
 * Core §5.3.2: the redefinitions among the extensions' mixins that change
 * the type, mutability or required-ness of the attribute they redefine, or
 * whose default the inherited definition refuses.
 */
export function extensionRedefinitionProblems(
  extensions: readonly ExtensionDocument[],
): { category: string; attribute: string; message: string }[] {
  const first = firstDefinitions(extensions);
  const problems: { category: string; attribute: string; message: string }[] = [];
  for (const m of extensions.flatMap((e) => e.mixins ?? [])) {
    const id = typeIdentifier(m);
    for (const [name, spec] of Object.entries(m.attributes ?? {})) {
      const inherited = first.get(name);
      if (!inherited || inherited.from === id || !wellFormed(spec)) continue;
      const attribute = defineAttribute(name, inheritProperties(spec, inherited.attribute));
      for (const p of redefinitionProblems(`mixin "${id}"`, attribute, inherited))
        problems.push({ category: id, attribute: name, message: p.message });
    }
  }
  return problems;
}
