/**
 * The HTTP side of the client: what a transport is (one request in, one
 * response out, a status other than 2xx thrown as an `OcciClientError`),
 * and the request headers every OCCI request carries (HTTP §5.1: Accept,
 * Content-Type; §5.3: User-Agent with OCCI/1.2; Authorization). Two
 * transports implement it: `node-transport.ts` (Node, the default there)
 * and `fetch-transport.ts` (browsers, the default there, or any `fetch`).
 * Nothing here needs Node.
 */

import type { HeaderFields } from '@occi/core';
import { OcciError } from '@occi/core';
import { OCCI_VERSION } from '../versioning.js';
import type { Exchange, OcciClientError } from './client-error.js';
import { base64Utf8 } from './header-fields.js';
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
    return `Basic ${base64Utf8(`${credentials.user}:${credentials.password}`)}`;
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

/** What a transport is made from (the client's options, checked). */
export interface TransportOptions {
  endpoint: string;
  /** The User-Agent to send; undefined where the environment sets its own (browsers). */
  userAgent: string | undefined;
  authorization: string | undefined;
  timeoutMs: number | undefined;
  maxHeaderSize: number;
  errorOf: ErrorOf;
}

/** Sends the client's requests to one endpoint. */
export interface Transport {
  /** The endpoint, without a trailing slash. */
  readonly base: string;
  /** Sends a request; a response other than 2xx is thrown as an `OcciClientError` with the server's message. */
  send(request: Request): Promise<Response>;
  close(): Promise<void>;
}

/** Makes the transport of a client. */
export type TransportFactory = (options: TransportOptions) => Transport;

/** The headers every request carries: User-Agent (where the transport sets it) and Authorization. */
export function fixedHeaders(options: TransportOptions): Record<string, string> {
  const fixed: Record<string, string> = {};
  if (options.userAgent !== undefined) fixed['user-agent'] = options.userAgent;
  if (options.authorization !== undefined) fixed.authorization = options.authorization;
  return fixed;
}

/** The error a transport throws for a response other than 2xx, or undefined for a 2xx. */
export function failure(
  options: TransportOptions,
  exchange: Exchange,
  response: Pick<Response, 'status' | 'headers' | 'body'>,
): OcciClientError | undefined {
  return response.status < 200 || response.status >= 300 ? options.errorOf(exchange, response) : undefined;
}
