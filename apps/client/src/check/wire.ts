/**
 * Raw HTTP for the checks, on an undici `Pool` for the endpoint's origin:
 * exactly the request a check writes (header fields repeated or not, any
 * body, any method), and the response as it came — whatever its status.
 * Every response is kept (method, path, status, Server) for the checks that
 * judge all of them (HTTP §5.3, CRTP R0401).
 */
import { Pool } from 'undici';

export interface WireRequest {
  method: string;
  /** A path relative to the endpoint (`/compute/`, `/-/?x=1`), or an absolute URL on its origin. */
  path: string;
  /** Header fields; an array sends the field once per value (RFC 7230 §3.2.2). */
  headers?: Record<string, string | readonly string[] | undefined>;
  body?: string;
  /** Send no credentials, even when the run has some (HTTP §10: what a client without them gets). */
  anonymous?: boolean;
}

export interface WireResponse {
  method: string;
  /** The path relative to the endpoint, as requested. */
  path: string;
  url: string;
  status: number;
  /** Lower-case names; one entry per field line (a field repeated gives several). */
  headers: Record<string, string[]>;
  body: string;
  request: { headers: [string, string][]; body?: string };
}

export interface Seen {
  method: string;
  path: string;
  status: number;
  server: string | undefined;
  contentType: string | undefined;
  bodyLength: number;
}

/** No answer at all (connection refused, timeout): not a response to judge. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/** The text of a header field value: OCCI header fields carry UTF-8, HTTP gives bytes as latin1. */
function utf8Of(latin1: string): string {
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  const text = Buffer.from(latin1, 'latin1').toString('utf8');
  return text.includes('\ufffd') ? latin1 : text;
}

function latin1Of(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

export class Wire {
  readonly #pool: Pool;
  readonly origin: string;
  /** The endpoint's path, without a trailing slash (`''` at the root). */
  readonly prefix: string;
  /** The endpoint: origin and prefix. */
  readonly base: string;
  readonly #fixed: [string, string][];
  /** Every response of the run, to requests under the endpoint (not, say, /.well-known/ of the origin above a prefix). */
  readonly seen: Seen[] = [];
  /** Whether the run sends credentials (`--user`, `--token`). */
  readonly authenticated: boolean;

  constructor(options: {
    endpoint: string;
    userAgent: string;
    authorization: string | undefined;
    timeoutMs: number;
  }) {
    const url = new URL(options.endpoint);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.base = this.origin + this.prefix;
    const t = options.timeoutMs;
    this.#pool = new Pool(this.origin, {
      connectTimeout: t,
      headersTimeout: t,
      bodyTimeout: t,
      maxHeaderSize: 4 * 1024 * 1024,
    });
    this.#fixed = [['user-agent', options.userAgent]];
    if (options.authorization !== undefined) this.#fixed.push(['authorization', options.authorization]);
    this.authenticated = options.authorization !== undefined;
  }

  /**
   * A location as the server wrote it (an absolute URL, or a path resolved
   * against the endpoint: spec README erratum 11) → a path relative to the
   * endpoint, or the absolute URL when it is not under the endpoint.
   */
  relative(location: string): string {
    const l = location.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(l)) {
      if (l.toLowerCase().startsWith(this.base.toLowerCase())) {
        const rest = l.slice(this.base.length);
        if (rest === '' || rest.startsWith('/')) return rest || '/';
      }
      return l;
    }
    return l;
  }

  /** The absolute URL of a location. */
  url(location: string): string {
    const r = this.relative(location);
    return /^[a-z][a-z0-9+.-]*:/i.test(r) ? r : this.base + r;
  }

  async send(request: WireRequest): Promise<WireResponse> {
    const path = this.relative(request.path);
    let target: string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
      const u = new URL(path);
      if (u.origin !== this.origin)
        throw new WireError(
          `${path} is not on the endpoint's origin ${this.origin}; the check talks to its endpoint only`,
        );
      target = u.pathname + u.search;
    } else target = this.prefix + path;
    const fields: [string, string][] = [];
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value === undefined) continue;
      for (const v of typeof value === 'string' ? [value] : value) fields.push([name.toLowerCase(), v]);
    }
    // A check that writes its own User-Agent or Authorization (HTTP §5.3 versions) sends only its own.
    const fixed = this.#fixed.filter(
      ([n]) => !fields.some(([f]) => f === n) && !(request.anonymous && n === 'authorization'),
    );
    const all = [...fields, ...fixed];
    const url = this.origin + target;
    let status: number;
    let raw: Record<string, string | string[] | undefined>;
    let body: string;
    try {
      const response = await this.#pool.request({
        method: request.method as 'GET',
        path: target,
        headers: all.flatMap(([n, v]) => [n, latin1Of(v)]),
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      status = response.statusCode;
      raw = response.headers as Record<string, string | string[] | undefined>;
      body = await response.body.text();
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new WireError(
        `${request.method} ${url}: no answer (${code ?? (error instanceof Error ? error.message : String(error))})`,
      );
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = (Array.isArray(value) ? value : [value]).map(utf8Of);
    }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(path))
      this.seen.push({
        method: request.method,
        path,
        status,
        server: headers.server?.join(', '),
        contentType: headers['content-type']?.join(', '),
        bodyLength: body.length,
      });
    return {
      method: request.method,
      path,
      url,
      status,
      headers,
      body,
      request: {
        headers: fields,
        ...(request.body !== undefined ? { body: request.body } : {}),
      },
    };
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** A header field's value: its lines joined by `, ` (RFC 7230 §3.2.2), or undefined. */
export function header(response: WireResponse, name: string): string | undefined {
  const v = response.headers[name.toLowerCase()];
  return v === undefined ? undefined : v.join(', ');
}

/** The media type of the Content-Type, lower case, without parameters. */
export function contentType(response: WireResponse): string | undefined {
  const v = header(response, 'content-type');
  return v?.split(';')[0]?.trim().toLowerCase() || undefined;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** The exchange as text, for a failure's evidence: request line and fields, status, fields, body (clipped). */
export function describeExchange(r: WireResponse): string {
  const lines = [`> ${r.method} ${r.url}`];
  for (const [n, v] of r.request.headers) lines.push(`> ${n}: ${clip(v, 300)}`);
  if (r.request.body)
    lines.push(
      ...clip(r.request.body.replace(/\r?\n$/, ''), 600)
        .split('\n')
        .map((l) => `> ${l}`),
    );
  lines.push(`< ${r.status}`);
  for (const [n, vs] of Object.entries(r.headers))
    if (!['date', 'connection', 'keep-alive', 'x-request-id'].includes(n))
      for (const v of vs) lines.push(`< ${n}: ${clip(v, 300)}`);
  if (r.body)
    lines.push(
      ...clip(r.body.replace(/\r?\n$/, ''), 600)
        .split('\n')
        .map((l) => `< ${l}`),
    );
  return lines.join('\n');
}
