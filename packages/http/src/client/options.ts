import type { Rendering } from '@occi/core';

/** The short names of the renderings of the documents: `application/occi+json`, `text/plain` (GFD.229 §6), `text/occi` (GFD.229 §7). */
export const WIRE_MEDIA_TYPES = {
  json: 'application/occi+json',
  plain: 'text/plain',
  occi: 'text/occi',
} as const satisfies Record<string, string>;

/**
 * A wire format: the short name of one of the documents' renderings
 * (`json`, `plain`, `occi`: `WIRE_MEDIA_TYPES`), or the media type of any
 * rendering the client is given (e.g. `application/occi+json`).
 */
export type WireFormat = keyof typeof WIRE_MEDIA_TYPES | (string & {});

/** Credentials sent in the `Authorization` header of every request. */
export type Credentials =
  | { type: 'basic'; user: string; password: string }
  | { type: 'bearer'; token: string };

/**
 * What a client learnt about its endpoint that the next client of the same
 * endpoint can start from (`OcciClient.learnt()`).
 */
export interface Learnt {
  /**
   * The media type discovery worked in when the renderings preferred over
   * it could not be read there (an OCCI 1.1 server answers the JSON request
   * with a JSON array): discovery asks for it first, and the renderings
   * preferred over it are not used unless it fails.
   */
  discoveredIn: string;
}

export interface OcciClientOptions {
  /**
   * The base URL of the OCCI service, e.g. `http://localhost:8080` or
   * `https://cloud.example.com/occi`. Category locations (`/compute/`) are
   * resolved against it (spec README erratum 11).
   */
  endpoint: string;
  /**
   * The renderings the client speaks, preferred first (values such as
   * `jsonRendering`, `textPlain`, `textOcci` from @occi/render-json and
   * @occi/render-text, or any other `Rendering`): they write the requests
   * and read the responses. Renderings that travel in header fields
   * (text/occi) come last whatever their place: header space is limited
   * (GFD.229 §7).
   */
  renderings: readonly Rendering[];
  /**
   * The wire format of requests and responses. Default: the first of
   * `renderings` the server offers (HTTP §5.2: its `Accept`).
   */
  rendering?: WireFormat;
  auth?: Credentials;
  /** Product tokens of the `User-Agent` header; ` OCCI/1.2` is always appended (HTTP §5.3). */
  userAgent?: string;
  /**
   * Send every request through this `fetch` (the fetch transport) instead
   * of the environment's default: node:http(s) in Node, the browser's `fetch` in
   * browsers (chosen by the `browser` condition of package.json `imports`).
   */
  fetch?: typeof globalThis.fetch;
  /** Connect, header and body timeout of each request, in milliseconds. Default: 10 s connect, 300 s for the response head and between body chunks; with fetch, none. */
  timeoutMs?: number;
  /** Largest response header section accepted, in bytes (text/occi carries the rendering in headers). Default 1 MiB; browsers keep their own limit. */
  maxHeaderSize?: number;
  /** Page size `list({ all: true })` asks for (HTTP §5). Default 100. */
  pageSize?: number;
  /**
   * What an earlier client learnt about this endpoint (`learnt()` of that
   * client), e.g. kept on disk between runs. A media type none of the
   * renderings serves is ignored.
   */
  learnt?: Learnt;
}
