/**
 * The transport of the client over `fetch`: the default in browsers
 * (`#default-transport` names this file under the `browser` condition),
 * and wherever the `fetch` option is given. Browsers set the User-Agent
 * themselves and bound header sizes on their own; the timeout is an
 * `AbortSignal`. Responses are revalidated (`cache: 'no-cache'`): a GET
 * answered 304 from the browser's cache costs the server no rendering.
 */
import type { HeaderFields } from '@occi/core';
import { transportError } from './client-error.js';
import { occiHeaderBytes } from './header-fields.js';
import {
  failure,
  fixedHeaders,
  parseEndpoint,
  type Request,
  type Response,
  type Transport,
  type TransportFactory,
  type TransportOptions,
} from './transport.js';

export type Fetch = typeof globalThis.fetch;

/** A timeout as the client's transport errors name it (client-error.ts). */
class Timeout extends Error {
  readonly code = 'ETIMEDOUT';
}

/** The header fields of a fetch response, names in lower case (fetch joins repeated fields with ", "). */
function fieldsOf(headers: Headers): HeaderFields {
  const fields: HeaderFields = {};
  headers.forEach((value, name) => {
    fields[name] = value;
  });
  return fields;
}

export class FetchTransport implements Transport {
  readonly #fetch: Fetch;
  readonly #fixed: Record<string, string>;
  readonly #options: TransportOptions;
  readonly base: string;

  constructor(options: TransportOptions, fetch: Fetch = globalThis.fetch.bind(globalThis)) {
    this.base = parseEndpoint(options.endpoint).base;
    this.#options = options;
    this.#fetch = fetch;
    this.#fixed = fixedHeaders(options);
  }

  async send(request: Request): Promise<Response> {
    const url = this.base + request.path;
    const exchange = { method: request.method, url };
    const timeout = this.#options.timeoutMs;
    let status: number;
    let headers: HeaderFields;
    let body: string;
    try {
      // (`cache` is the web platform's RequestInit; Node's types leave it out and its fetch ignores it.)
      const init: RequestInit & { cache?: 'no-cache' } = {
        method: request.method,
        // OCCI header fields carry their text as UTF-8 (header-fields.ts); fetch takes bytes as latin1.
        headers: occiHeaderBytes({ ...request.headers, ...this.#fixed }) as Record<string, string>,
        ...(request.body !== undefined ? { body: request.body } : {}),
        cache: 'no-cache',
        redirect: 'follow',
        ...(timeout !== undefined ? { signal: AbortSignal.timeout(timeout) } : {}),
      };
      const response = await this.#fetch(url, init);
      status = response.status;
      headers = fieldsOf(response.headers);
      body = await response.text();
    } catch (error) {
      const cause =
        error instanceof Error && error.name === 'TimeoutError'
          ? new Timeout(error.message, { cause: error })
          : error;
      throw transportError(exchange, this.base, cause, this.#options);
    }
    const failed = failure(this.#options, exchange, { status, headers, body });
    if (failed) throw failed;
    return { status, headers, body, ...exchange };
  }

  async close(): Promise<void> {}
}

/** Whether this is a browser (or a worker of one), where the browser names itself in User-Agent. */
export const inBrowser = (): boolean =>
  typeof (globalThis as { document?: unknown }).document !== 'undefined' ||
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';

/** The environment's default transport in browsers (package.json `imports`: `#default-transport`). */
export const defaultTransport: TransportFactory = (options) =>
  new FetchTransport(inBrowser() ? { ...options, userAgent: undefined } : options);
