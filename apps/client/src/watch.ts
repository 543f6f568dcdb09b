/**
 * `--watch` (get, list): polls entities and reports what changed. Each poll
 * of a known entity is a conditional GET (`If-None-Match` with its ETag,
 * RFC 9110 §13.1.2): an unchanged entity costs a 304 without a body (HTTP
 * §8.1 gives entities their version as the ETag). A collection is polled for
 * its locations only (one GET), then each member as above.
 *
 * It ends on SIGINT (Ctrl-C), or, watching given entities, when every one of
 * them is gone.
 */
import type { Entity, Model, Rendering } from '@occi/core';
import { WIRE_MEDIA_TYPES } from '@occi/http/client';
import { Pool } from 'undici';
import type { Context } from './context.js';
import { usageError } from './exit-codes.js';
import type { OcciClient } from './http-client.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  entity: Entity;
}

type Fetched = { status: 'changed'; entity: Entity } | { status: 'unchanged' } | { status: 'gone' };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** A header value as text: its bytes read as UTF-8 when they are (text/occi carries UTF-8, GFD.229 §7). */
function headerText(value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  try {
    return /^[\x00-\x7f]*$/.test(value) ? value : UTF8.decode(bytes);
  } catch {
    return value;
  }
}

function authorization(ctx: Context): string | undefined {
  const auth = ctx.settings.auth;
  if (auth?.type === 'bearer') return `Bearer ${auth.token}`;
  if (auth?.type === 'basic')
    return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  return undefined;
}

/** GETs of entities with `If-None-Match`, in the rendering the client speaks. */
class ConditionalGets {
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #headers: Record<string, string>;
  constructor(
    readonly client: OcciClient,
    readonly model: Model,
    readonly renderings: readonly Rendering[],
    mediaType: string,
    ctx: Context,
  ) {
    const url = new URL(client.endpoint);
    this.#pool = new Pool(url.origin);
    this.#prefix = url.pathname.replace(/\/+$/, '');
    const auth = authorization(ctx);
    this.#headers = {
      accept: mediaType,
      'user-agent': client.userAgent,
      ...(auth ? { authorization: auth } : {}),
    };
  }

  async get(location: string, version: string | undefined): Promise<Fetched> {
    const path = location.startsWith('/') ? location : location.slice(this.client.endpoint.length);
    const response = await this.#pool.request({
      method: 'GET',
      path: this.#prefix + path,
      headers: { ...this.#headers, ...(version !== undefined ? { 'if-none-match': `"${version}"` } : {}) },
    });
    const body = await response.body.text();
    if (response.statusCode === 304) return { status: 'unchanged' };
    if (response.statusCode === 404 || response.statusCode === 410) return { status: 'gone' };
    const type = String(response.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const rendering = this.renderings.find((r) => r.mediaTypes.includes(type));
    // Anything else (an error, an unreadable body): the client's GET says what went wrong.
    if (response.statusCode !== 200 || !rendering)
      return { status: 'changed', entity: await this.client.get(location) };
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(response.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.map(headerText) : headerText(v);
    const entity = rendering.readEntity(
      { headers, body },
      { model: this.model, baseUrl: this.client.endpoint },
    );
    entity.location = path;
    const etag = /^(?:W\/)?"?([^"]*)"?$/.exec(String(response.headers.etag ?? '').trim())?.[1];
    if (etag) entity.version = etag;
    return { status: 'changed', entity };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

export interface WatchOptions {
  /** The locations to watch; or `collection`, listed again at every poll. */
  locations?: readonly string[];
  collection?: () => Promise<string[]>;
  intervalMs: number;
  /** Called with each round's events; the first round reports every entity as ADDED. */
  onEvents(events: WatchEvent[], first: boolean): Promise<void>;
}

/** Polls until SIGINT, or until every given entity is gone. */
export async function watch(ctx: Context, client: OcciClient, options: WatchOptions): Promise<void> {
  const [{ jsonRendering }, { textPlain, textOcci }] = await Promise.all([
    import('@occi/render-json'),
    import('@occi/render-text'),
  ]);
  const model = await client.discover();
  const format = await client.wireFormat();
  const mediaType = WIRE_MEDIA_TYPES[format as keyof typeof WIRE_MEDIA_TYPES] ?? format;
  const gets = new ConditionalGets(client, model, [jsonRendering, textPlain, textOcci], mediaType, ctx);
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  const known = new Map<string, Entity>();
  try {
    for (let round = 0; !stop.signal.aborted; round++) {
      const locations = options.collection ? await options.collection() : [...(options.locations ?? [])];
      const events: WatchEvent[] = [];
      for (const location of locations) {
        const before = known.get(location);
        const fetched = await gets.get(location, before?.version);
        if (fetched.status === 'changed') {
          known.set(location, fetched.entity);
          events.push({ type: before ? 'MODIFIED' : 'ADDED', entity: fetched.entity });
        } else if (fetched.status === 'gone' && before) {
          known.delete(location);
          events.push({ type: 'DELETED', entity: before });
        } else if (fetched.status === 'gone' && round === 0 && options.locations)
          // A given entity that is not there is an error, as for `occi get`.
          await client.get(location);
      }
      if (options.collection)
        for (const [location, entity] of known)
          if (!locations.includes(location)) {
            known.delete(location);
            events.push({ type: 'DELETED', entity });
          }
      if (events.length > 0 || round === 0) await options.onEvents(events, round === 0);
      if (options.locations && known.size === 0) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          stop.signal.removeEventListener('abort', wake);
          resolve();
        }, options.intervalMs);
        stop.signal.addEventListener('abort', wake, { once: true });
      });
    }
  } finally {
    process.off('SIGINT', onSigint);
    await gets.close();
  }
}

/** `--interval <seconds>` (default 2; `OCCI_WATCH_INTERVAL_MS` for tests) in milliseconds. */
export function intervalOf(ctx: Context, given: unknown): number {
  const env = Number(ctx.streams.env.OCCI_WATCH_INTERVAL_MS);
  if (given === undefined) return Number.isFinite(env) && env > 0 ? env : 2000;
  const n = Number(given);
  if (!Number.isFinite(n) || n <= 0)
    throw usageError(`--interval "${String(given)}" must be a positive number of seconds`);
  return n * 1000;
}
