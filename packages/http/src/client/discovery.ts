/**
 * Discovery (HTTP §7.1): the model from the query interface, and the wire
 * format — the one asked for, or the first rendering of the client the
 * server offers (HTTP §5.2: its Accept header).
 *
 * A server may answer in a rendering the client cannot read although it
 * asked for it (an OCCI 1.1 server answers the JSON request with a JSON
 * array): discovery then asks again for the renderings not yet tried, and
 * remembers the one that worked (`Session.learnt`).
 */
import type { Rendering } from '@occi/core';
import { Model } from '@occi/core';
import { mediaTypeOf } from '../negotiation.js';
import { carriesAttributeTypes } from './attribute-types.js';
import { OcciClientError } from './client-error.js';
import { withCoreKinds } from './core-kinds.js';
import { headerValue, type ResponseReader } from './responses.js';
import type { Session } from './session.js';
import type { Request, Response, Transport } from './transport.js';
import { discoveryAccept, offeredBy, offeredType, renderingOf, type Wire } from './wire.js';

/** The query interface paths of HTTP §7 (the second one for discovery only when the first is not there). */
const QUERY_INTERFACE = '/-/';
const WELL_KNOWN_QUERY_INTERFACE = '/.well-known/org/ogf/occi/-/';

/** The model before discovery: category collections are read without one. */
export const BOOTSTRAP_MODEL = Model.fromCategories([]);

export interface DiscoveryOptions {
  transport: Transport;
  reader: ResponseReader;
  /** Every rendering of the client. */
  renderings: readonly Rendering[];
  /** Those that carry whole messages, preferred first. */
  preferred: readonly Rendering[];
  /** The media type asked for, if any. */
  requested: string | undefined;
  /** The media type discovery worked in before, when the preferred renderings could not be read. */
  learnt: string | undefined;
}

/** A discovery answer read, and the rendering it was read in. */
interface Answer {
  response: Response;
  rendering: Rendering;
  categories: ReturnType<Rendering['readCategories']>;
}

/** The renderings known not to work before this discovery: those preferred over the learnt one. */
function knownFailures(options: DiscoveryOptions): Set<Rendering> {
  const { preferred, requested, learnt } = options;
  const at = learnt === undefined ? -1 : preferred.findIndex((r) => r.mediaTypes.includes(learnt));
  // A rendering asked for is tried even if it did not work before.
  const asked = requested === undefined ? -1 : preferred.findIndex((r) => r.mediaTypes.includes(requested));
  if (at <= 0 || (asked >= 0 && asked < at)) return new Set();
  return new Set(preferred.slice(0, at));
}

/** GET on the query interface, the well-known one when the first is not there (HTTP §7). */
async function query(options: DiscoveryOptions, path: { value: string }, accept: string): Promise<Response> {
  const request = (p: string): Request => ({ method: 'GET', path: p, headers: { accept } });
  try {
    return await options.transport.send(request(path.value));
  } catch (error) {
    if (path.value !== QUERY_INTERFACE || !(error instanceof OcciClientError) || error.status !== 404)
      throw error;
    path.value = WELL_KNOWN_QUERY_INTERFACE;
    return await options.transport.send(request(path.value));
  }
}

/**
 * Asks for the renderings in order of preference — those known not to work
 * last — until an answer is read. An answer that is not a category
 * collection of the rendering it claims (or of any), and a 406, count
 * against the rendering: the next attempt asks only for those not yet
 * tried, since a server that ignores q-values answers the first it knows.
 */
async function firstReadable(
  options: DiscoveryOptions,
  path: { value: string },
  known: ReadonlySet<Rendering>,
  failed: Map<Rendering, OcciClientError>,
): Promise<Answer> {
  const { preferred, reader, requested } = options;
  const phases = [preferred.filter((r) => !known.has(r)), preferred.filter((r) => known.has(r))];
  for (const phase of phases) {
    for (let remaining = phase; remaining.length > 0; remaining = phase.filter((r) => !failed.has(r))) {
      const asked = remaining[0]!;
      let culprit = asked;
      let error: OcciClientError;
      try {
        const response = await query(options, path, discoveryAccept(remaining));
        const type = mediaTypeOf(headerValue(response.headers, 'content-type'));
        const rendering = type !== undefined ? renderingOf(remaining, type) : undefined;
        if (rendering) culprit = rendering;
        const categories = reader.read(response, BOOTSTRAP_MODEL, 'query interface', (r, p, c) =>
          r.readCategories(p, c),
        );
        return { response, rendering: rendering ?? renderingOf(options.renderings, type!)!, categories };
      } catch (e) {
        // 406 (HTTP §5.4): the server has none of what was asked; an unreadable answer: not what was asked.
        const unreadable =
          e instanceof OcciClientError &&
          (e.status === 406 ||
            (e.status !== undefined &&
              e.status < 300 &&
              (e.kind === 'not-acceptable' || e.kind === 'internal')));
        if (!unreadable) throw e;
        error = e;
      }
      failed.set(culprit, error);
      if (requested !== undefined && culprit.mediaTypes.includes(requested)) throw error;
    }
  }
  const errors = [...failed.values()];
  const first = errors[0]!;
  throw new OcciClientError(
    first.kind,
    errors.flatMap((e) => e.problems),
    { method: first.method, url: first.url, ...(first.status !== undefined ? { status: first.status } : {}) },
    { cause: first },
  );
}

export async function discover(options: DiscoveryOptions): Promise<Session> {
  const { reader, preferred, requested } = options;
  const path = { value: QUERY_INTERFACE };
  const known = knownFailures(options);
  const failed = new Map<Rendering, OcciClientError>();
  const { response, rendering: readIn, categories } = await firstReadable(options, path, known, failed);
  // Core §5.4: every server has the Core kinds, listed or not.
  const model = Model.fromCategories(
    withCoreKinds([...categories.kinds, ...categories.mixins, ...categories.actions]),
  );
  // Renderings that did not work here, now or before, are not spoken to this server.
  const usable = preferred.filter((r) => r === readIn || (!failed.has(r) && !known.has(r)));
  const before = preferred.slice(0, Math.max(0, preferred.indexOf(readIn)));
  const learnt =
    before.length > 0 && before.every((r) => failed.has(r) || known.has(r))
      ? (mediaTypeOf(headerValue(response.headers, 'content-type')) ?? readIn.mediaTypes[0]!)
      : undefined;
  // HTTP §5.2: the server lists the media types it supports in Accept.
  const offered = offeredBy(headerValue(response.headers, 'accept'));
  const types = offered ?? offeredBy(headerValue(response.headers, 'content-type')) ?? new Set<string>();
  const refuse = (message: string) =>
    new OcciClientError('not-acceptable', [{ code: 'other', message }], {
      method: response.method,
      url: response.url,
      status: response.status,
    });
  let wire: Wire | undefined;
  if (requested !== undefined) {
    if (offered !== undefined && !offered.has(requested))
      throw refuse(`the server does not offer ${requested} (it offers ${[...offered].join(', ')})`);
    wire = { rendering: renderingOf(preferred, requested)!, mediaType: requested };
  } else {
    for (const rendering of usable) {
      const mediaType = offeredType(rendering, types);
      if (mediaType === undefined) continue;
      wire = { rendering, mediaType };
      break;
    }
    if (wire === undefined)
      throw refuse(
        `the server offers ${[...types].join(', ') || 'no media type'}; this client reads ${options.renderings.flatMap((r) => r.mediaTypes).join(', ')}`,
      );
  }
  return {
    ...wire,
    model,
    queryInterface: path.value,
    offered,
    usable,
    discoveredIn: readIn,
    attributeTypes: carriesAttributeTypes(readIn),
    learnt,
    context: { model, baseUrl: reader.endpoint },
  };
}
