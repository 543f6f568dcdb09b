/**
 * Discovery (HTTP §7.1): the model from the query interface, and the wire
 * format — the one asked for, or the first rendering of the client the
 * server offers (HTTP §5.2: its Accept header).
 */
import type { Rendering } from '@occi/core';
import { Model } from '@occi/core';
import { OcciClientError } from './client-error.js';
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
}

export async function discover(options: DiscoveryOptions): Promise<Session> {
  const { transport, reader, preferred, requested } = options;
  // Discovery in the preferred rendering; JSON, when first, is complete (erratum 4: text is lossy).
  const request = (path: string): Request => ({
    method: 'GET',
    path,
    headers: { accept: discoveryAccept(preferred) },
  });
  let queryInterface = QUERY_INTERFACE;
  let response: Response;
  try {
    response = await transport.send(request(queryInterface));
  } catch (error) {
    if (!(error instanceof OcciClientError) || error.status !== 404) throw error;
    queryInterface = WELL_KNOWN_QUERY_INTERFACE;
    response = await transport.send(request(queryInterface));
  }
  const categories = reader.read(response, BOOTSTRAP_MODEL, 'query interface', (r, p, c) =>
    r.readCategories(p, c),
  );
  const model = Model.fromCategories([...categories.kinds, ...categories.mixins, ...categories.actions]);
  // HTTP §5.2: the server lists the media types it supports in Accept.
  const offered = offeredBy(headerValue(response.headers, 'accept'));
  const known = offered ?? offeredBy(headerValue(response.headers, 'content-type')) ?? new Set<string>();
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
    for (const rendering of preferred) {
      const mediaType = offeredType(rendering, known);
      if (mediaType === undefined) continue;
      wire = { rendering, mediaType };
      break;
    }
    if (wire === undefined)
      throw refuse(
        `the server offers ${[...known].join(', ') || 'no media type'}; this client reads ${options.renderings.flatMap((r) => r.mediaTypes).join(', ')}`,
      );
  }
  return { ...wire, model, queryInterface, offered, context: { model, baseUrl: reader.endpoint } };
}
