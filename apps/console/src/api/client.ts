/**
 * The console's OCCI client: `@occi/http`'s `OcciClient` over the browser's
 * fetch (the `browser` condition picks its fetch transport), speaking the
 * JSON rendering (GFD.225). text/occi is given too, only because filters
 * travel in header fields (HTTP §6): the client writes them with it.
 */
import type { Model } from '@occi/core';
import { type Credentials, OcciClient, OcciClientError } from '@occi/http/client';
import { jsonRendering } from '@occi/render-json';
import { textOcci } from '@occi/render-text';

export function createClient(endpoint: string, auth?: Credentials): OcciClient {
  return new OcciClient({
    endpoint,
    renderings: [jsonRendering, textOcci],
    rendering: 'json',
    ...(auth ? { auth } : {}),
    pageSize: 100,
  });
}

export type Discovery =
  | { state: 'loading' }
  | { state: 'ready'; model: Model }
  | { state: 'unauthorized'; message: string }
  | { state: 'failed'; message: string };

/** Discovers the model (HTTP §7.1), telling a missing or refused sign-in (401) from other failures. */
export async function discover(client: OcciClient, again = false): Promise<Discovery> {
  try {
    const model = again ? await client.refresh() : await client.discover();
    return { state: 'ready', model };
  } catch (error) {
    if (error instanceof OcciClientError && error.status === 401)
      return { state: 'unauthorized', message: error.serverMessage ?? error.message };
    return { state: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
