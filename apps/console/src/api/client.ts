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

/**
 * The browser's fetch without credentials mode: the console sends its own
 * `Authorization` and no cookies, and a 401 with a Basic challenge to a
 * request that includes credentials makes the browser prompt for a password
 * itself (Fetch standard, HTTP-network-or-cache fetch, step on status 401),
 * over the console's own sign-in page.
 */
const fetchWithoutPrompt: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

export function createClient(endpoint: string, auth?: Credentials): OcciClient {
  return new OcciClient({
    endpoint,
    fetch: fetchWithoutPrompt,
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
