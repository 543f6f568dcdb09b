/**
 * The Compute `save` action (Infrastructure §3.1): creates an OS template
 * referencing an independent copy of the instance, and answers with that
 * template's rendering.
 */
import { randomUUID } from 'node:crypto';
import type { ActionContext, ActionHandler, ActionOutcome, Mixin } from '@occi/core';
import { badRequest, isOcciError, TERM_PATTERN, typeIdentifier } from '@occi/core';
import { COMPUTE_KIND, OS_TPL } from './identifiers.js';

/** Where the OS templates created by `save` live. */
export interface SaveOptions {
  /** The provider scheme of the saved templates (not under `http://schemas.ogf.org/occi/`). */
  scheme: string;
  /** The path under which each saved template gets its collection, e.g. `/os_tpl/` → `/os_tpl/<term>/`. */
  locationBase: string;
}

/** The attribute of a saved OS template that refers back to the Compute instance it was saved from. */
export const SAVED_FROM_ATTRIBUTE = 'org.occi-ts.saved.from';

const MAX_TERM_LENGTH = 64;

/** A term from the client's name: characters outside the term syntax become `-`. */
export function termFromName(name: string): string | undefined {
  const term = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_TERM_LENGTH);
  return TERM_PATTERN.test(term) ? term : undefined;
}

function isTaken(context: ActionContext, options: SaveOptions, term: string): boolean {
  return (
    context.model.get(typeIdentifier({ scheme: options.scheme, term })) !== undefined ||
    context.model.byLocation(`${options.locationBase}${term}/`) !== undefined
  );
}

/** The term of the new template: the client's name when free ("MAY choose to respect the name"), else a variant. */
function chooseTerm(context: ActionContext, options: SaveOptions, name: string | undefined): string {
  const base = (name !== undefined ? termFromName(name) : undefined) ?? `saved-${randomUUID().slice(0, 8)}`;
  if (!isTaken(context, options, base)) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!isTaken(context, options, candidate)) return candidate;
  }
  return `${base}-${randomUUID().slice(0, 8)}`;
}

export function saveAction(options: SaveOptions): ActionHandler {
  return async (context: ActionContext): Promise<ActionOutcome> => {
    const { entity, parameters } = context;
    const name = parameters.name;
    if (name !== undefined && typeof name !== 'string')
      throw badRequest('attribute-type', `save: parameter "name" must be a string`, { attribute: 'name' });
    const method = typeof parameters.method === 'string' ? parameters.method : undefined;
    const reference = entity.location ?? entity.id;
    const define = (term: string) =>
      context.defineMixin({
        scheme: options.scheme,
        term,
        title: name !== undefined && name.trim() !== '' ? name : `Saved from ${reference}`,
        // Infrastructure §3.5.1: an implementation-defined OS template MUST depend on os_tpl.
        depends: [OS_TPL],
        applies: [COMPUTE_KIND],
        location: `${options.locationBase}${term}/`,
        attributes: {
          // Infrastructure §3.1: the provider MAY include a reference to the original Compute instance.
          [SAVED_FROM_ATTRIBUTE]: {
            type: 'string',
            mutable: false,
            required: false,
            default: reference,
            description: `The Compute instance this OS template was saved from${method ? ` (${method})` : ''}.`,
          },
        },
      });
    const term = chooseTerm(context, options, name);
    let mixin: Mixin;
    try {
      mixin = await define(term);
    } catch (error) {
      // Another user may hold the same term: fall back to a generated one once.
      if (!isOcciError(error) || error.code !== 'duplicate') throw error;
      mixin = await define(`${term.slice(0, MAX_TERM_LENGTH - 9)}-${randomUUID().slice(0, 8)}`);
    }
    // Infrastructure §3.1: the response MUST contain the rendering of the new OS template.
    return { categories: [mixin] };
  };
}
