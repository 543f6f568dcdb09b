import type { Rendering } from '@occi/core';

/** The wire formats the client speaks: `application/occi+json`, `text/plain` (GFD.229 §6), `text/occi` (GFD.229 §7). */
export type WireFormat = 'json' | 'plain' | 'occi';

/** Credentials sent in the `Authorization` header of every request. */
export type Credentials =
  | { type: 'basic'; user: string; password: string }
  | { type: 'bearer'; token: string };

export interface OcciClientOptions {
  /**
   * The base URL of the OCCI service, e.g. `http://localhost:8080` or
   * `https://cloud.example.com/occi`. Category locations (`/compute/`) are
   * resolved against it (spec README erratum 11).
   */
  endpoint: string;
  /**
   * The renderings the client can speak (values such as `jsonRendering`,
   * `textPlain`, `textOcci` from @occi/render-json and @occi/render-text):
   * they parse what the server answers.
   */
  renderings: readonly Rendering[];
  /**
   * The wire format of requests and responses. Default: `json` when both
   * the client and the server support it, else `plain`, else `occi`.
   */
  rendering?: WireFormat;
  auth?: Credentials;
  /** Product tokens of the `User-Agent` header; ` OCCI/1.2` is always appended (HTTP §5.3). */
  userAgent?: string;
  /** Connect, header and body timeout of each request, in milliseconds. Default: undici's (10 s connect, 300 s). */
  timeoutMs?: number;
  /** Largest response header section accepted, in bytes (text/occi carries the rendering in headers). Default 1 MiB. */
  maxHeaderSize?: number;
  /** Page size `list({ all: true })` asks for (HTTP §5). Default 100. */
  pageSize?: number;
}
