/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of the caller's model,
 * behind the same authentication as the OCCI routes (the request hook of
 * auth/request-auth.ts; 401 with the challenge otherwise). A caller's model
 * is one object while it does not change (the reference provider keeps it,
 * and builds another when mixins change), so the document is made once per
 * model: the documents of the models asked for last are kept (a bounded
 * number: each is about 250 kB); its ETag is a hash of it, and a client
 * revalidates with If-None-Match (304).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Model, Provider } from '@occi/core';
import { isOcciError, OcciError } from '@occi/core';
import { STATUS } from '@occi/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../auth/request-auth.js';
import type { ServerConfig } from '../config.js';
import type { AuthenticationInUse } from './components.js';
import { buildDocument, type DocumentSettings } from './document.js';

export const OPENAPI_PATH = '/openapi.json';

/** How many documents (of distinct models: users with mixins of their own) are kept. */
const DOCUMENTS_KEPT = 32;

export interface OpenApiOptions {
  provider: Provider;
  config: ServerConfig;
  /** The server's version. */
  version: string;
  /** The WWW-Authenticate challenge of the authenticator, when there is one. */
  challenge?: string | undefined;
}

/** The authentication the configuration turns on (as app.ts builds its authenticator); undefined: anonymous. */
function authenticationInUse(config: ServerConfig): AuthenticationInUse | undefined {
  const auth: AuthenticationInUse = {
    usersFile: config.usersFile !== undefined,
    jwtKey: config.jwtKey !== undefined,
    ...(config.oidcIssuer !== undefined ? { oidcIssuer: config.oidcIssuer } : {}),
    clientCertificates: config.tlsClientCa !== undefined,
  };
  return auth.usersFile || auth.jwtKey || auth.oidcIssuer !== undefined || auth.clientCertificates
    ? auth
    : undefined;
}

interface Rendered {
  body: string;
  etag: string;
  /** The body gzipped, made on the first request that accepts it (the document shrinks about 15 times). */
  gzip?: Buffer;
}

/** Whether Accept-Encoding accepts gzip (RFC 9110 §12.5.3: not with q=0). */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Whether If-None-Match names the tag (RFC 9110 §13.1.2: weak comparison, `*` matches). */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}

function sendError(reply: FastifyReply, error: unknown, challenge: string | undefined): FastifyReply {
  const occi = isOcciError(error)
    ? error
    : new OcciError('internal', { code: 'other', message: 'internal error' }, { cause: error });
  const status = STATUS[occi.kind];
  if (status === 401 && challenge) reply.header('www-authenticate', challenge);
  const problems = occi.problems.map((p) => ({ ...p }));
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: { status, message: occi.message, problems } }));
}

export function installOpenApi(app: FastifyInstance, options: OpenApiOptions): void {
  const { provider, config } = options;
  const auth = authenticationInUse(config);
  const settings: DocumentSettings = {
    version: options.version,
    maxPageSize: config.pageSize,
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
    ...(auth ? { auth } : {}),
    ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
  };
  // Least recently used last out: a Map keeps insertion order, and a hit is inserted again.
  const documents = new Map<Model, Rendered>();
  const render = (model: Model): Rendered => {
    let rendered = documents.get(model);
    if (rendered) {
      documents.delete(model);
      documents.set(model, rendered);
    } else {
      const body = JSON.stringify(buildDocument(model, settings));
      // Weak: the same validator for the identity and the gzip encoding of one document.
      const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      rendered = { body, etag };
      documents.set(model, rendered);
      if (documents.size > DOCUMENTS_KEPT) documents.delete(documents.keys().next().value!);
    }
    return rendered;
  };
  app.get(OPENAPI_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    // The document is the caller's: shared caches may not keep it, and it varies with the credentials.
    reply.header('cache-control', settings.auth ? 'private, no-cache' : 'no-cache');
    const varies = settings.auth ? 'Accept-Encoding, Authorization' : 'Accept-Encoding';
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, ${varies}` : varies);
    let model: Model;
    try {
      model = await provider.model(callerOf(request));
    } catch (error) {
      if (!isOcciError(error)) request.log.error({ err: error }, 'request failed');
      return sendError(reply, error, settings.challenge);
    }
    const rendered = render(model);
    reply.header('etag', rendered.etag);
    if (matches(request.headers['if-none-match'], rendered.etag)) return reply.code(304).send();
    reply.header('content-type', 'application/json; charset=utf-8');
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(rendered.body);
    rendered.gzip ??= gzipSync(rendered.body);
    return reply.header('content-encoding', 'gzip').send(rendered.gzip);
  });
}
