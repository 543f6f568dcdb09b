/**
 * What the client knows once it discovered the server (HTTP §7.1): the
 * model, the query interface, the wire format and what else the server
 * offers (HTTP §5.2); and how a request is written in it.
 */
import type { CollectionMember, Entity, Model, Payload, RenderContext, Rendering } from '@occi/core';
import { isOcciError, OcciError } from '@occi/core';
import { requestPath } from './locations.js';
import { referenceLocation, unknownCategory } from './model-lookups.js';
import type { EntityReference, ListOptions, WriteOptions } from './operations.js';
import type { Request } from './transport.js';
import { offeredType, type Wire } from './wire.js';

export interface Session extends Wire {
  model: Model;
  /** The path of the query interface (HTTP §7). */
  queryInterface: string;
  /** The media types the server offers (HTTP §5.2), or undefined when it does not say. */
  offered: Set<string> | undefined;
  /** The client's renderings that carry whole messages, preferred first, but those this server's discovery showed it cannot read. */
  usable: readonly Rendering[];
  /** The rendering the model was read in. */
  discoveredIn: Rendering;
  /** Whether that rendering carries attribute types (the text renderings do not: spec README erratum 4). */
  attributeTypes: boolean;
  /** The media type discovery worked in when the preferred renderings could not be read; undefined otherwise. */
  learnt: string | undefined;
  /** What the renderings write with: the model and the endpoint. */
  context: RenderContext;
}

/** A request payload, the rendering that wrote it, and its media type. */
export interface Written extends Wire {
  payload: Payload;
}

/** Header fields as the transports send them: one string per name. */
function flatHeaders(headers: Payload['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Runs `f` over `items`, at most `limit` at a time, keeping the order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * A request payload in the wire format; when its rendering refuses the
 * message (one it cannot carry whole), in the next usable rendering that
 * the server offers and that carries it. The first refusal is thrown when
 * none does.
 */
export function writeIn(session: Session, write: (r: Rendering, c: RenderContext) => Payload): Written {
  const { rendering, mediaType, context } = session;
  try {
    return { rendering, mediaType, payload: write(rendering, context) };
  } catch (refusal) {
    if (!isOcciError(refusal)) throw refusal;
    for (const other of session.usable) {
      const type = offeredType(other, session.offered);
      if (other === rendering || type === undefined) continue;
      try {
        return { rendering: other, mediaType: type, payload: write(other, context) };
      } catch {
        // This one cannot carry it either.
      }
    }
    throw refusal;
  }
}

/** The header fields and body of a request carrying `written` (or nothing), answered in the same rendering. */
export function message(
  session: Session,
  written: Written | undefined,
  options: WriteOptions = {},
): Pick<Request, 'headers' | 'body'> {
  const headers: Record<string, string> = { accept: written?.mediaType ?? session.mediaType };
  if (written) {
    headers['content-type'] = written.mediaType;
    Object.assign(headers, flatHeaders(written.payload.headers));
  }
  if (options.ifMatch !== undefined)
    headers['if-match'] = options.ifMatch === '*' ? '*' : `"${options.ifMatch}"`;
  const body = written?.payload.body;
  return body ? { headers, body } : { headers };
}

/**
 * A filter (HTTP §6.2), whatever the wire format, in the header fields of
 * a rendering that travels in them: HTTP §6 restricts filtering to such
 * renderings (text/occi, GFD.229 §7).
 */
export function filterHeaders(
  session: Session,
  renderings: readonly Rendering[],
  filter: ListOptions['filter'],
): Record<string, string> {
  if (!filter) return {};
  for (const id of filter.categories ?? []) {
    const c = session.model.get(id);
    if (!c || c.class === 'action')
      throw unknownCategory(session.model, id, c ? 'a kind or mixin' : undefined);
  }
  const rendering = session.rendering.inHeaders ? session.rendering : renderings.find((r) => r.inHeaders);
  if (!rendering)
    throw new OcciError('bad-request', {
      code: 'other',
      message:
        'filtering needs a rendering that travels in header fields (HTTP §6), such as textOcci of @occi/render-text; give the client one',
    });
  const payload = rendering.writeFilter(
    {
      ...(filter.categories ? { categories: [...filter.categories] } : {}),
      ...(filter.attributes ? { attributes: filter.attributes } : {}),
    },
    session.context,
  );
  return flatHeaders(payload.headers);
}

/**
 * The entities a membership request names (HTTP §9.2, §9.3.2, §9.5.2), as
 * the wire rendering names them: by location, or by id and kind — a
 * location is then resolved by getting the entity (`get`).
 */
export async function collectionMembers(
  session: Session,
  references: readonly EntityReference[],
  get: (location: string) => Promise<Pick<Entity, 'id' | 'kind' | 'location'>>,
): Promise<CollectionMember[]> {
  const endpoint = session.context.baseUrl;
  if (session.rendering.namesEntitiesBy === 'location')
    return references.map((r) => ({ location: requestPath(referenceLocation(session.model, r), endpoint) }));
  return mapLimit(references, 8, async (r) => {
    const entity = typeof r === 'string' ? await get(r) : r;
    const member: CollectionMember = {};
    if (entity?.id !== undefined) member.id = entity.id;
    if (entity?.kind !== undefined) member.kind = entity.kind;
    if (entity?.location !== undefined) member.location = entity.location;
    return member;
  });
}
