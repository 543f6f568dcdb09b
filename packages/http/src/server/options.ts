import type { Caller, Provider, Rendering } from '@occi/core';
import type { FastifyRequest } from 'fastify';

export interface OcciPluginOptions {
  /** The provider behind the interface (e.g. the reference provider of @occi/core). */
  provider: Provider;
  /**
   * The renderings to offer, preferred first: the first media type of the
   * first rendering is the default when a request has no Accept header
   * (or `*\/*`).
   */
  renderings: readonly Rendering[];
  /** The public base URL (`https://occi.example.com`), used for absolute locations; default: from each request. */
  baseUrl?: string;
  /** Identifies the caller; throw an `OcciError('unauthorized')` to refuse. Default: everyone is `anonymous`. */
  authenticate?: (request: FastifyRequest) => Caller | Promise<Caller>;
  /** `WWW-Authenticate` challenge sent with 401 responses, e.g. `Basic realm="occi"`. */
  challenge?: string;
  /** The largest `number` a page may ask for; above it: 413 (HTTP §5). Default 1000. */
  maxPageSize?: number;
  /** Largest text/occi response header section; larger responses are refused, never truncated (GFD.229 §7). Default 64 KiB. */
  maxResponseHeaderBytes?: number;
  /** Largest request body in bytes; larger: 413. Default 1 MiB. */
  bodyLimit?: number;
  /** Product token before `OCCI/1.2` in the Server header. Default `occi-ts`. */
  serverName?: string;
}
