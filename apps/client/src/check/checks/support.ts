/** What several documents' checks share: reading entities and collections of the run, and comparing them. */
import { LINK } from '../discovery.js';
import type { Created } from '../fixtures.js';
import { type EntityDraft, entityMessage, RENDERINGS, type RenderingKey } from '../messages.js';
import { answered, expect, Fail, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { type ReadCollection, type ReadEntity, readCollection, readEntity } from '../read.js';
import { contentType, type WireResponse } from '../wire.js';

export const RENDERING_NAMES: Record<RenderingKey | 'urilist', string> = {
  json: 'application/occi+json',
  plain: 'text/plain',
  occi: 'text/occi',
  urilist: 'text/uri-list',
};

export const MEDIA: Record<RenderingKey | 'urilist', string> = { ...RENDERING_NAMES };

/** GET in a rendering; fails unless 200 in that media type. */
export async function getIn(
  p: Probe,
  path: string,
  r: RenderingKey | 'urilist',
  what: string,
): Promise<WireResponse> {
  const response = await p.wire.send({ method: 'GET', path, headers: { accept: MEDIA[r] } });
  if (response.status !== 200) fail(`${what}: ${answered(response)}${serverSays(response)}`, response);
  expect(
    contentType(response) === MEDIA[r],
    `${what}: answered in ${contentType(response) ?? 'no Content-Type'}, not the ${MEDIA[r]} asked for`,
    response,
  );
  return response;
}

export async function entityIn(
  p: Probe,
  location: string,
  r: RenderingKey,
): Promise<{ response: WireResponse; entity: ReadEntity }> {
  const response = await getIn(p, location, r, `GET ${location}`);
  return { response, entity: readEntity(response, r) };
}

export async function collectionIn(
  p: Probe,
  location: string,
  r: RenderingKey | 'urilist',
  query = '',
): Promise<{ response: WireResponse; collection: ReadCollection }> {
  const response = await getIn(p, `${location}${query}`, r, `GET ${location}${query}`);
  return { response, collection: readCollection(response, r) };
}

/** Whether two locations name the same thing (relative to the endpoint either way). */
export function sameLocation(p: Probe, a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const norm = (x: string) => p.wire.relative(x).replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** Whether a collection lists the entity: by location (text renderings, uri-list) or by id (JSON §3.3). */
export function lists(p: Probe, collection: ReadCollection, created: Created): boolean {
  return (
    collection.locations.some((l) => sameLocation(p, l, created.location)) ||
    (created.id !== undefined && collection.entities.some((e) => e.id === created.id))
  );
}

/** The members of a collection, counted whichever way it names them. */
export function size(collection: ReadCollection): number {
  return collection.locations.length + collection.entities.length;
}

/**
 * An entity to read: the run's own resource, or with `--read-only` the
 * first one a kind collection lists (by location: text/uri-list or text/plain).
 */
export function readable(p: Probe): Promise<{ location: string; kind?: string }> {
  return p.once('readable', async () => {
    if (!p.options.readOnly) {
      const c = await p.fx.anyResource();
      return { location: c.location, kind: c.kind };
    }
    const model = await p.model();
    for (const k of model.kinds) {
      if (!k.location) continue;
      for (const r of ['urilist', 'plain', 'occi'] as const) {
        const response = await p.wire.send({
          method: 'GET',
          path: k.location,
          headers: { accept: MEDIA[r] },
        });
        if (response.status !== 200 || contentType(response) !== MEDIA[r]) continue;
        const first = readCollection(response, r).locations[0];
        // A collection may list entities of its sub-kinds too: the entity says its kind.
        if (first) {
          const location = p.wire.relative(first);
          const { entity } = await p.fx.read(location);
          return { location, ...(entity.kind ? { kind: entity.kind } : {}) };
        }
        break;
      }
    }
    skip('--read-only and no entity listed in any kind collection to read');
  });
}

/**
 * POST a partial entity rendering to the run's entity (HTTP §8.3.1): the
 * kind (and in JSON its id, which the schema requires) and what changes.
 */
export async function update(
  p: Probe,
  created: Created,
  change: Omit<EntityDraft, 'kind' | 'id'>,
  r?: RenderingKey,
  options: { repeated?: boolean } = {},
): Promise<WireResponse> {
  const rendering = r ?? (await p.rendering());
  return p.wire.send({
    method: 'POST',
    path: created.location,
    ...entityMessage(
      rendering,
      { kind: created.kind, ...(rendering === 'json' && created.id ? { id: created.id } : {}), ...change },
      options,
    ),
  });
}

/** A second resource of the run, of the generic kind: for links, pages and filters. */
export function secondResource(p: Probe): Promise<Created> {
  return p.once('fx:second-resource', async () => {
    const first = await p.fx.anyResource();
    return p.fx.shared('second', first.kind, { summary: 'second resource' });
  });
}

/** A link of the run between its two resources: Core's link kind when it is bound, else another link kind. */
export function anyLink(p: Probe): Promise<{ link: Created; source: Created; target: Created }> {
  return p.once('fx:any-link', async () => {
    const source = await p.fx.anyResource();
    const target = await secondResource(p);
    const model = await p.model();
    const kinds = model.kinds
      .filter((k) => k.location && model.isA(k.id, LINK))
      .sort((a, b) => (a.id === LINK ? -1 : b.id === LINK ? 1 : 0));
    if (kinds.length === 0) skip('the server offers no link kind with a location');
    const refusals: string[] = [];
    for (const k of kinds.slice(0, 3)) {
      try {
        const link = await p.fx.create(k.id, {
          source: { location: p.wire.url(source.location), kind: source.kind },
          target: { location: p.wire.url(target.location), kind: target.kind },
        });
        return { link, source, target };
      } catch (error) {
        if (!(error instanceof Fail)) throw error;
        refusals.push(error.message);
      }
    }
    skip(`the server created none of the links tried: ${problems(refusals)}`);
  });
}

/** Problems, as one message. */
export function problems(list: readonly string[], max = 4): string {
  return list.length <= max
    ? list.join('; ')
    : `${list.slice(0, max).join('; ')}; and ${list.length - max} more`;
}

export { RENDERINGS };
