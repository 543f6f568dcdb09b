/**
 * The transport of the client in Node: an undici `Pool` for the endpoint's
 * origin, with the response header limit and the timeouts of the options.
 * `#default-transport` (package.json `imports`) names this file outside
 * browsers.
 */
import type { HeaderFields } from '@occi/core';
import { Pool } from 'undici';
import { OcciClientError, transportError } from './client-error.js';
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

export class UndiciTransport implements Transport {
  readonly #pool: Pool;
  readonly #fixed: Record<string, string>;
  readonly #prefix: string;
  readonly #options: TransportOptions;
  readonly base: string;

  constructor(options: TransportOptions) {
    const { origin, prefix, base } = parseEndpoint(options.endpoint);
    this.base = base;
    this.#prefix = prefix;
    this.#options = options;
    const timeouts =
      options.timeoutMs !== undefined
        ? {
            connectTimeout: options.timeoutMs,
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
          }
        : {};
    this.#pool = new Pool(origin, { maxHeaderSize: options.maxHeaderSize, ...timeouts });
    this.#fixed = fixedHeaders(options);
  }

  async send(request: Request): Promise<Response> {
    const exchange = { method: request.method, url: this.base + request.path };
    let status: number;
    let headers: HeaderFields;
    let body: string;
    try {
      const response = await this.#pool.request({
        method: request.method,
        path: this.#prefix + request.path,
        // OCCI header fields carry their text as UTF-8 (header-fields.ts).
        headers: occiHeaderBytes({ ...request.headers, ...this.#fixed }) as Record<string, string>,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      status = response.statusCode;
      headers = response.headers as HeaderFields;
      body = await response.body.text();
    } catch (error) {
      if (error instanceof OcciClientError) throw error;
      throw transportError(exchange, this.base, error, this.#options);
    }
    const failed = failure(this.#options, exchange, { status, headers, body });
    if (failed) throw failed;
    return { status, headers, body, ...exchange };
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** The environment's default transport (package.json `imports`: `#default-transport`). */
export const defaultTransport: TransportFactory = (options) => new UndiciTransport(options);
