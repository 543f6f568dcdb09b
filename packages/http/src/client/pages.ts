/**
 * Pagination on the client side (HTTP §5): one page, or every page from
 * the first asked for until the server answers an empty collection.
 */
import { OcciError } from '@occi/core';
import type { ListOptions, ListResult } from './operations.js';

/** One page of a collection: `page` and `number` as the query asks, either left out when undefined. */
export type PageOf = (
  page: number | undefined,
  number: number | undefined,
) => Promise<ListResult & { size: number }>;

/** Refuses a page or page size that is not a positive integer, before anything is sent. */
export function checkPagination(options: ListOptions): void {
  for (const [name, value] of [
    ['page', options.page],
    ['number', options.number],
  ] as const)
    if (value !== undefined && (!Number.isInteger(value) || value < 1))
      throw new OcciError('bad-request', {
        code: 'invalid-pagination',
        message: `${name} ${value} must be a positive integer (pages count from 1)`,
      });
}

/** The page `options` ask for, or with `all` every page, `pageSize` entities a page unless `number` says. */
export async function pages(pageOf: PageOf, options: ListOptions, pageSize: number): Promise<ListResult> {
  checkPagination(options);
  if (!options.all) {
    const { size: _size, ...one } = await pageOf(options.page, options.number);
    return one;
  }
  const number = options.number ?? pageSize;
  const result: ListResult = { locations: [], entities: [] };
  let previous: string | undefined;
  for (let page = options.page ?? 1; ; page++) {
    const one = await pageOf(page, number);
    // HTTP §5: past the last page the server answers an empty collection. A server that
    // ignores pagination answers more than a page (that is everything), or the same page
    // again (an OCCI 1.1 server): there is no next page to ask for then.
    const same = JSON.stringify([one.locations, one.entities.map((e) => e.id)]);
    if (one.size === 0 || same === previous) break;
    result.locations.push(...one.locations);
    result.entities.push(...one.entities);
    if (one.size > number) break;
    previous = same;
  }
  return result;
}
