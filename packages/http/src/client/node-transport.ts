/**
 * The transport of the client in Node, on Node's own `node:http` and
 * `node:https` (part of Node's start-up snapshot: a command-line tool that
 * sends a few requests starts without loading an HTTP library).
 * `#default-transport` (package.json `imports`) names this file outside
 * browsers.
 *
 * One keep-alive agent per transport (closed by `close()`); the response
 * header section is bounded by `maxHeaderSize`; the timeout applies to
 * connecting, to waiting for the response head and between body chunks
 * (10 s to connect and 300 s otherwise without `timeoutMs`). Response
 * header fields keep their repetitions: a field sent once is a string,
 * sent several times an array of its values in order.
 */
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { HeaderFields } from '@occi/core';
import { CLIENT_CLOSED, OcciClientError, transportError } from './client-error.js';
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

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_RESPONSE_TIMEOUT_MS = 300_000;

/** An error with the code transportError reads (client-error.ts). */
class TransportFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The header fields of a response from its raw name/value pairs: names in lower case, repetitions as arrays. */
export function fieldsOfRaw(raw: readonly string[]): HeaderFields {
  const fields: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const seen = fields[name];
    if (seen === undefined) fields[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else fields[name] = [seen, value];
  }
  return fields;
}

const DECODER = new TextDecoder('utf-8');

export class NodeTransport implements Transport {
  readonly #agent: Agent;
  readonly #request: typeof http.request;
  readonly #target: Pick<RequestOptions, 'protocol' | 'hostname' | 'port'>;
  readonly #fixed: Record<string, string>;
  readonly #prefix: string;
  readonly #options: TransportOptions;
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;
  readonly base: string;

  constructor(options: TransportOptions) {
    const { origin, prefix, base } = parseEndpoint(options.endpoint);
    this.base = base;
    this.#prefix = prefix;
    this.#options = options;
    this.#fixed = fixedHeaders(options);
    const url = new URL(origin);
    // node:https loads node:tls: only for https endpoints.
    const module = url.protocol === 'https:' ? process.getBuiltinModule('node:https') : http;
    this.#agent = new module.Agent({ keepAlive: true });
    this.#request = module.request;
    this.#target = {
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      ...(url.port !== '' ? { port: Number(url.port) } : {}),
    };
  }

  async send(request: Request): Promise<Response> {
    const exchange = { method: request.method, url: this.base + request.path };
    let status: number;
    let headers: HeaderFields;
    let body: string;
    try {
      if (this.#closed) throw new TransportFailure('the client is closed', CLIENT_CLOSED);
      const exchanged = this.#exchange(request);
      this.#inFlight.add(exchanged);
      try {
        ({ status, headers, body } = await exchanged);
      } finally {
        this.#inFlight.delete(exchanged);
      }
    } catch (error) {
      if (error instanceof OcciClientError) throw error;
      throw transportError(exchange, this.base, error, this.#options);
    }
    const failed = failure(this.#options, exchange, { status, headers, body });
    if (failed) throw failed;
    return { status, headers, body, ...exchange };
  }

  /** One request and its whole response, or the error that ended it. */
  #exchange(request: Request): Promise<Pick<Response, 'status' | 'headers' | 'body'>> {
    const { timeoutMs, maxHeaderSize } = this.#options;
    const connectMs = timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const responseMs = timeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    // As bytes: Node writes a string body together with the header section in the body's
    // encoding, which would turn the header's latin1 characters into UTF-8 a second time.
    const body = request.body !== undefined ? Buffer.from(request.body, 'utf8') : undefined;
    return new Promise((resolve, reject) => {
      // Throws at once for what cannot be sent (a header value Node refuses): nothing is armed yet.
      const req: ClientRequest = this.#request({
        ...this.#target,
        agent: this.#agent,
        method: request.method,
        path: this.#prefix + request.path,
        // OCCI header fields carry their text as UTF-8 (header-fields.ts); Node writes headers as latin1.
        headers: {
          ...(occiHeaderBytes({ ...request.headers, ...this.#fixed }) as OutgoingHttpHeaders),
          // Node frames a body by itself for POST and PUT only: a DELETE's body needs its length.
          ...(body !== undefined ? { 'content-length': body.length } : {}),
        },
        maxHeaderSize,
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (error: unknown, result?: Pick<Response, 'status' | 'headers' | 'body'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== undefined) {
          req.destroy();
          reject(error);
        } else resolve(result!);
      };
      // No answer, or no progress, within the limit: the request is abandoned as timed out.
      const arm = (ms: number) => {
        if (settled) return;
        clearTimeout(timer);
        timer = setTimeout(
          () => finish(new TransportFailure(`no progress within ${ms} ms`, 'ETIMEDOUT')),
          ms,
        );
      };
      arm(connectMs);
      req.on('socket', (socket: Socket) => {
        if (socket.connecting) socket.once('connect', () => arm(responseMs));
        else arm(responseMs);
      });
      req.on('error', (error) => finish(error));
      req.on('response', (res: IncomingMessage) => {
        arm(responseMs);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          arm(responseMs);
        });
        res.on('error', (error) => finish(error));
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            headers: fieldsOfRaw(res.rawHeaders),
            body: DECODER.decode(Buffer.concat(chunks)),
          }),
        );
        res.on('close', () => {
          if (!res.complete)
            finish(new TransportFailure('the connection closed before the response ended', 'ECONNRESET'));
        });
      });
      req.end(body);
    });
  }

  /** Waits for the requests under way, then closes the connections. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    this.#agent.destroy();
  }
}

/** The environment's default transport (package.json `imports`: `#default-transport`). */
export const defaultTransport: TransportFactory = (options) => new NodeTransport(options);
