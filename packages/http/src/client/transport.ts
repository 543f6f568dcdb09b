/**
 * The HTTP side of the client, on an undici `Pool` for the endpoint's
 * origin: request headers every OCCI request carries (HTTP §5.1: Accept,
 * Content-Type; §5.3: User-Agent with OCCI/1.2; Authorization), and the
 * mapping of failures to `OcciClientError`.
 */

import type { HeaderFields } from '@occi/core';
import { OcciError } from '@occi/core';
import { Pool } from 'undici';
import { occiHeaderBytes } from '../header-text.js';
import { OCCI_VERSION } from '../versioning.js';
import { type Exchange, OcciClientError, transportError } from './client-error.js';
import type { Credentials } from './options.js';

export interface Request {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  /** A path relative to the endpoint (an absolute path such as `/compute/`), with its query if any. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Response {
  status: number;
  headers: HeaderFields;
  body: string;
  method: string;
  url: string;
}

export const DEFAULT_USER_AGENT = 'occi-ts-client/0.1';
export const DEFAULT_MAX_HEADER_SIZE = 1024 * 1024;

/** The User-Agent: the given product tokens, ending with OCCI/1.2 (HTTP §5.3: the client SHOULD relay it). */
export function userAgentOf(tokens: string | undefined): string {
  if (tokens !== undefined && (typeof tokens !== 'string' || /[\x00-\x1f\x7f]/.test(tokens)))
    throw new OcciError('bad-request', {
      code: 'other',
      message: 'userAgent must be text without control characters (it is a header field)',
    });
  // Another OCCI/x.y token would contradict ours (a higher one gets 501, HTTP §5.3): ours replaces it.
  const base = (tokens ?? DEFAULT_USER_AGENT)
    .replace(/(^|\s)OCCI\/\d+\.\d+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return base === '' ? OCCI_VERSION : `${base} ${OCCI_VERSION}`;
}

export function authorizationOf(credentials: Credentials | undefined): string | undefined {
  if (!credentials) return undefined;
  if (credentials.type === 'basic') {
    // RFC 7617 §2: user-id and password joined by a colon, UTF-8, base64.
    if (credentials.user.includes(':'))
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'a Basic user name cannot contain ":" (RFC 7617 §2)',
      });
    return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
  }
  if (credentials.type === 'bearer') {
    // RFC 6750 §2.1: b64token syntax.
    if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(credentials.token))
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'the bearer token contains characters RFC 6750 §2.1 does not allow',
      });
    return `Bearer ${credentials.token}`;
  }
  throw new OcciError('bad-request', {
    code: 'other',
    message: `unknown credentials type ${JSON.stringify((credentials as { type?: unknown }).type)}; use "basic" or "bearer"`,
  });
}

/** The endpoint as origin + path prefix, without a trailing slash. */
export function parseEndpoint(endpoint: string): { origin: string; prefix: string; base: string } {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OcciError('bad-request', { code: 'other', message: `endpoint "${endpoint}" is not a URL` });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OcciError('bad-request', {
      code: 'other',
      message: `endpoint "${endpoint}" must be an http: or https: URL`,
    });
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    throw new OcciError('bad-request', {
      code: 'other',
      message: `endpoint "${endpoint}" must have no query, fragment or credentials (use the auth option)`,
    });
  const prefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, prefix, base: url.origin + prefix };
}

/** The error a response other than 2xx stands for. */
export type ErrorOf = (
  exchange: Exchange,
  response: Pick<Response, 'status' | 'headers' | 'body'>,
) => OcciClientError;

export class Transport {
  readonly #pool: Pool;
  readonly #fixed: Record<string, string>;
  readonly #prefix: string;
  readonly #limits: { timeoutMs?: number; maxHeaderSize: number };
  readonly #errorOf: ErrorOf;
  /** The endpoint, without a trailing slash. */
  readonly base: string;

  constructor(options: {
    endpoint: string;
    userAgent: string;
    authorization: string | undefined;
    timeoutMs: number | undefined;
    maxHeaderSize: number;
    errorOf: ErrorOf;
  }) {
    const { origin, prefix, base } = parseEndpoint(options.endpoint);
    this.base = base;
    this.#errorOf = options.errorOf;
    this.#prefix = prefix;
    const timeouts =
      options.timeoutMs !== undefined
        ? {
            connectTimeout: options.timeoutMs,
            headersTimeout: options.timeoutMs,
            bodyTimeout: options.timeoutMs,
          }
        : {};
    this.#pool = new Pool(origin, { maxHeaderSize: options.maxHeaderSize, ...timeouts });
    this.#fixed = { 'user-agent': options.userAgent };
    if (options.authorization !== undefined) this.#fixed.authorization = options.authorization;
    this.#limits = {
      maxHeaderSize: options.maxHeaderSize,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    };
  }

  /** The absolute URL of a path relative to the endpoint. */
  url(path: string): string {
    return this.base + path;
  }

  /** Sends a request; a response other than 2xx is thrown as an `OcciClientError` with the server's message. */
  async send(request: Request): Promise<Response> {
    const exchange = { method: request.method, url: this.url(request.path) };
    let status: number;
    let headers: HeaderFields;
    let body: string;
    try {
      const response = await this.#pool.request({
        method: request.method,
        path: this.#prefix + request.path,
        // OCCI header fields carry their text as UTF-8 (header-text.ts).
        headers: occiHeaderBytes({ ...request.headers, ...this.#fixed }) as Record<string, string>,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      status = response.statusCode;
      headers = response.headers as HeaderFields;
      body = await response.body.text();
    } catch (error) {
      if (error instanceof OcciClientError) throw error;
      throw transportError(exchange, this.base, error, this.#limits);
    }
    if (status < 200 || status >= 300) throw this.#errorOf(exchange, { status, headers, body });
    return { status, headers, body, ...exchange };
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
