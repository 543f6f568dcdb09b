/**
 * A small client of the Docker Engine API (v1.41), which Docker and Podman
 * both serve, on undici over a unix socket or TCP. Every failure is an
 * `OcciError`: `unavailable` (503) when the engine cannot be reached,
 * naming its address; an `EngineError` carrying the engine's status and
 * message otherwise.
 */
import { badRequest, OcciError, type OcciErrorKind } from '@occi/core';
import { type Dispatcher, Pool } from 'undici';

/** The API version every path is prefixed with: the oldest that has everything this provider uses. */
export const ENGINE_API_VERSION = 'v1.41';

/** The most requests the client has at the engine at once (one per connection); more wait their turn. */
export const ENGINE_CONNECTIONS = 8;

/** An error answer of the engine, as an OcciError of the kind its status implies. */
export class EngineError extends OcciError {
  /** The engine's HTTP status. */
  readonly status: number;
  /** The engine's own message. */
  readonly engineMessage: string;

  constructor(status: number, engineMessage: string, message: string) {
    super(kindOfStatus(status), { code: status === 409 ? 'duplicate' : 'other', message });
    this.status = status;
    this.engineMessage = engineMessage;
  }
}

function kindOfStatus(status: number): OcciErrorKind {
  if (status === 400) return 'bad-request';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  return 'internal';
}

export function isEngineError(error: unknown, status?: number): error is EngineError {
  return error instanceof EngineError && (status === undefined || error.status === status);
}

/** Where the engine listens: `unix:///run/docker.sock`, `tcp://127.0.0.1:2375` or `http://…`. */
export function parseEngineAddress(address: string): { origin: string; socketPath?: string } {
  if (address.startsWith('unix://')) {
    const socketPath = address.slice('unix://'.length);
    if (!socketPath.startsWith('/'))
      throw badRequest(
        'invalid-location',
        `engine address ${address}: a unix socket needs an absolute path (unix:///path/to.sock)`,
      );
    return { origin: 'http://localhost', socketPath };
  }
  const match = /^(tcp|http):\/\/([^/\s]+?)\/?$/.exec(address);
  if (match) return { origin: `http://${match[2]}` };
  throw badRequest(
    'invalid-location',
    `engine address ${JSON.stringify(address)} is neither unix:///path/to.sock nor tcp://host:port`,
  );
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** A JSON body, or a tar archive. */
  json?: unknown;
  tar?: Uint8Array;
  /** What the call does, for error messages: "create container occi-compute-1". */
  doing: string;
}

/** How the client reaches the engine: TLS for `tcp://`, and how long it waits. */
export interface EngineClientOptions {
  /** A client certificate and the CA the engine's certificate must chain to (PEM), for `tcp://` with TLS. */
  tls?: { ca: string | Buffer; cert: string | Buffer; key: string | Buffer };
  /** How long to wait for a connection (ms); default 10 000. */
  connectTimeoutMs?: number;
  /** How long to wait for an answer's headers, and between chunks of its body (ms); default 300 000. */
  requestTimeoutMs?: number;
}

export class EngineClient {
  readonly address: string;
  readonly #dispatcher: Dispatcher & { close(): Promise<void> };
  readonly #requestTimeoutMs: number;

  constructor(address: string, options: EngineClientOptions = {}) {
    this.address = address;
    const { origin, socketPath } = parseEngineAddress(address);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 300_000;
    const timeouts = { headersTimeout: this.#requestTimeoutMs, bodyTimeout: this.#requestTimeoutMs };
    const connect = { timeout: options.connectTimeoutMs ?? 10_000 };
    if (options.tls && socketPath)
      throw badRequest(
        'invalid-location',
        `engine address ${address}: TLS is for tcp:// addresses, not a unix socket`,
      );
    // Several connections, over a unix socket too: one connection carries one request at a
    // time, and a request the engine answers slowly (a graceful stop, a commit, a start) would
    // hold up every other user's behind it.
    this.#dispatcher = new Pool(options.tls ? origin.replace(/^http:/, 'https:') : origin, {
      connections: ENGINE_CONNECTIONS,
      ...timeouts,
      ...(socketPath ? { socketPath } : {}),
      connect: { ...connect, ...(options.tls ?? {}) },
    });
  }

  /** Sends one request; answers the parsed JSON body (or undefined when empty). 304 counts as success. */
  async request<T = unknown>(
    method: Dispatcher.HttpMethod,
    path: string,
    options: RequestOptions,
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) search.append(name, v);
      else search.append(name, String(value));
    }
    const query = search.size > 0 ? `?${search}` : '';
    const headers: Record<string, string> = {};
    let body: string | Uint8Array | undefined;
    if (options.tar) {
      headers['content-type'] = 'application/x-tar';
      body = options.tar;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await this.#dispatcher.request({
        method,
        path: `/${ENGINE_API_VERSION}${path}${query}`,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      text = await response.body.text();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = error instanceof Error ? error.message : String(error);
      const late = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
      throw new OcciError(
        'unavailable',
        {
          code: 'other',
          message: late
            ? `the container engine at ${this.address} did not answer within ${this.#requestTimeoutMs / 1000} s; cannot ${options.doing}`
            : `the container engine at ${this.address} is unreachable (${code ? `${code}: ` : ''}${reason}); cannot ${options.doing}`,
        },
        { cause: error },
      );
    }
    if (response.statusCode >= 200 && response.statusCode < 300) {
      // Some answers are plain text ("OK" from Podman's network connect).
      try {
        return (text ? JSON.parse(text) : undefined) as T;
      } catch {
        return text as T;
      }
    }
    if (response.statusCode === 304) return undefined as T;
    let engineMessage = text.trim();
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') engineMessage = parsed.message;
    } catch {
      // Not JSON: the text itself is the message.
    }
    throw new EngineError(
      response.statusCode,
      engineMessage,
      `the container engine could not ${options.doing}: ${engineMessage || `HTTP ${response.statusCode}`}`,
    );
  }

  /** Like `request`, but a 404 answers `undefined`. */
  async find<T>(path: string, doing: string): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path, { doing });
    } catch (error) {
      if (isEngineError(error, 404)) return undefined;
      throw error;
    }
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
