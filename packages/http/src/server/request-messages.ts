/**
 * Reading the parts of a request that several handlers share: pagination
 * (HTTP §5), entity filters (HTTP §6.2), action invocations (HTTP §8.4,
 * §9.4) and entity references (HTTP §9.2, §9.3.2, §9.5.2).
 */
import type { ActionInvocation, Attributes, EntityFilter, Pagination } from '@occi/core';
import { OcciError, TERM_PATTERN } from '@occi/core';
import type { Exchange } from './exchange.js';

/** A decimal integer, any length (leading zeros allowed): `number` may exceed 2^53 and still be one. */
const INTEGER = /^\d+$/;

/**
 * `page` (counting from 1) and `number` from the query string. A value
 * that is not a decimal integer, or is zero, is 400; any `number` above
 * the server's largest page is 413 (HTTP §5), however large; a `page`
 * past the end is an empty page (HTTP §5: 200 with an empty collection).
 */
export function pagination(x: Exchange): Pagination | undefined {
  const page = x.query.get('page');
  const number = x.query.get('number');
  if (page === null && number === null) return undefined;
  for (const [name, value] of [
    ['page', page],
    ['number', number],
  ] as const) {
    if (value !== null && (!INTEGER.test(value) || /^0+$/.test(value)))
      throw new OcciError('bad-request', {
        code: 'invalid-pagination',
        message: `query parameter ${name}=${value} must be a positive integer (page counts from 1)`,
      });
  }
  const max = x.settings.maxPageSize;
  // A double rounds only beyond 2^53, where it stays above any page size (and 10^400 is Infinity).
  const n = number === null ? max : Number(number);
  // HTTP §5: a number too large for the provider MUST be answered with 413.
  if (n > max)
    throw new OcciError('payload-too-large', {
      code: 'invalid-pagination',
      message: `number=${number} is above this server's page size limit of ${max}`,
    });
  // A page so far out that its offset is no safe integer lies past the end of any collection.
  const last = Math.floor(Number.MAX_SAFE_INTEGER / n);
  return { page: page === null ? 1 : Math.min(Number(page), last), number: n };
}

/** HTTP §6.2: an entity rendering in the request (headers, or a body) filters a collection. */
export function entityFilter(x: Exchange): EntityFilter | undefined {
  const rendering = x.filterRendering();
  if (!rendering) return undefined;
  const draft = rendering.parseEntity(x.payload, x.parseContext);
  const categories = [...(draft.kind ? [draft.kind] : []), ...(draft.mixins ?? [])];
  const attributes: NonNullable<EntityFilter['attributes']> = { ...(draft.attributes ?? {}) };
  if (draft.id !== undefined) attributes['occi.core.id'] = draft.id;
  if (draft.title !== undefined) attributes['occi.core.title'] = draft.title;
  if (draft.summary !== undefined) attributes['occi.core.summary'] = draft.summary;
  const filter: EntityFilter = {};
  if (categories.length > 0) filter.categories = categories;
  if (Object.keys(attributes).length > 0) filter.attributes = attributes;
  return filter.categories || filter.attributes ? filter : undefined;
}

/** The `action` query parameter's term, if the request is an action (HTTP §8.4: `?action=<term>`). */
export function actionTerm(x: Exchange): string | undefined {
  const term = x.query.get('action');
  if (term === null) return undefined;
  if (!TERM_PATTERN.test(term))
    throw new OcciError('bad-request', {
      code: 'parse-error',
      message: `?action=${term} is not a valid action term`,
    });
  return term;
}

/** The invocation in the request, whose category MUST have the term of `?action=` (HTTP §8.4, §9.4). */
export function actionInvocation(x: Exchange, term: string): ActionInvocation {
  const rendering = x.requestRendering(true)!;
  const invocation = rendering.parseActionInvocation(x.payload, x.parseContext);
  const given = invocation.action.slice(invocation.action.lastIndexOf('#') + 1);
  if (given !== term)
    throw new OcciError('bad-request', {
      code: 'action-mismatch',
      message: `the request invokes ${invocation.action}, but ?action=${term} names another action`,
      category: invocation.action,
    });
  return invocation;
}

/** An entity an entity collection rendering names, with the attributes it gives for it, if any. */
export interface NamedEntity {
  reference: string;
  attributes?: Attributes;
}

/** The entities (locations or ids) an entity collection rendering names (HTTP §9.2, §9.3.2, §9.5.2). */
export function namedEntities(x: Exchange, required: boolean): NamedEntity[] | undefined {
  const rendering = x.requestRendering(required, 'entity-collection');
  if (!rendering) return undefined;
  const message = rendering.parseEntityCollection(x.payload, x.parseContext);
  const named: NamedEntity[] = message.locations.map((reference) => ({ reference }));
  for (const entity of message.entities) {
    const reference = entity.location ?? entity.id;
    if (reference === undefined)
      throw new OcciError('bad-request', {
        code: 'parse-error',
        message: 'an entity in the collection has neither a location nor an id',
      });
    const attributes = entity.attributes ?? {};
    named.push(Object.keys(attributes).length > 0 ? { reference, attributes } : { reference });
  }
  return named;
}

/** References to entities (locations or ids) in an entity collection rendering. */
export function entityReferences(x: Exchange, required: boolean): string[] | undefined {
  return namedEntities(x, required)?.map((e) => e.reference);
}
