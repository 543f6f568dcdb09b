/**
 * Composition of the server: extensions, store and reference provider,
 * the OCCI HTTP plugin with the three renderings, authentication, and the
 * operational routes (health, readiness, metrics), CORS and rate limits.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Caller, Extension, Provider, Store } from '@occi/core';
import { createReferenceProvider, Model, OcciError } from '@occi/core';
import { occiPlugin } from '@occi/http/server';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain, uriList } from '@occi/render-text';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { createAuthenticator } from './auth/index.js';
import { isLoopback, type ServerConfig } from './config.js';
import { answerClientError } from './operations/client-errors.js';
import { instrumentStore, Metrics, routeLabel } from './operations/metrics.js';
import { RateLimiter } from './operations/rate-limit.js';
import { loadExtensions } from './registry.js';
import { openStore } from './stores/index.js';

export interface OcciServer {
  app: FastifyInstance;
  model: Model;
  store: Store;
  provider: Provider;
  extensions: Extension[];
  /** Stops accepting connections, finishes in-flight requests, closes the store. */
  close(): Promise<void>;
}

/** The version in the server's package.json (one level above both src/ and dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Fastify logs a request when it comes in and when it completes; one line, at completion, says it all. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 1000) / 1000,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

const EXPOSED_HEADERS =
  'Location, ETag, Server, Accept, Category, Link, X-OCCI-Attribute, X-OCCI-Location, X-Request-Id';

export async function buildServer(config: ServerConfig): Promise<OcciServer> {
  const extensions = loadExtensions(config);
  const model = Model.create(extensions);
  const authenticated = config.usersFile !== undefined || config.jwtKey !== undefined;
  if (!authenticated && !config.allowAnonymous && !isLoopback(config.host)) {
    throw new OcciError('forbidden', {
      code: 'other',
      message: `refusing to listen on ${config.host} without authentication: give --users-file or --jwt-key, or --allow-anonymous if you really mean it`,
    });
  }
  const metrics = new Metrics();
  const rawStore = await openStore(config.store);
  const store = instrumentStore(rawStore, metrics);
  const reference = createReferenceProvider({ model, store });
  // The backend's start: its engine answers, its leftovers from a crash are gone.
  await reference.start().catch(async (error: unknown) => {
    await rawStore.close();
    throw error;
  });
  const provider: Provider = reference;
  const auth = authenticated
    ? await createAuthenticator({
        ...(config.usersFile !== undefined ? { usersFile: config.usersFile } : {}),
        ...(config.jwtKey !== undefined ? { jwtKeyFile: config.jwtKey } : {}),
        ...(config.jwtIssuer !== undefined ? { jwtIssuer: config.jwtIssuer } : {}),
        ...(config.jwtAudience !== undefined ? { jwtAudience: config.jwtAudience } : {}),
      })
    : undefined;

  const tls =
    config.tlsCert && config.tlsKey
      ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }
      : undefined;
  const serverOptions = { maxHeaderSize: config.headerLimit, requestTimeout: config.requestTimeout };
  const app: FastifyInstance = Fastify({
    logger: { level: config.logLevel },
    requestIdHeader: 'x-request-id',
    logController: new OneLinePerRequest(),
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Requests refused before any route still name the server (HTTP §5.3, CRTP R0401).
    clientErrorHandler: (error, socket) => answerClientError(error, socket, app.occi.server),
    frameworkErrors: (error, request, generic) => {
      const reply = generic as unknown as FastifyReply;
      void reply
        .code(400)
        .header('server', app.occi.server)
        .header('x-request-id', request.id)
        .header('content-type', 'text/plain')
        .send(`the request URL cannot be read: ${error.message}\n`);
    },
    serverFactory: (handler) =>
      tls
        ? createHttpsServer({ ...tls, ...serverOptions }, handler)
        : createHttpServer(serverOptions, handler as (req: IncomingMessage, res: ServerResponse) => void),
  });

  const locations = new Set(model.locations().keys());
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // HTTP §5.3: every response names the OCCI version, those of /healthz, /metrics, 429 and CORS preflights too.
    reply.header('server', app.occi.server);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const path = (request.raw.url ?? '/').split('?', 1)[0]!;
    metrics.request(request.method, routeLabel(path, locations), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  if (config.corsOrigins.length > 0) {
    const any = config.corsOrigins.includes('*');
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || (!any && !config.corsOrigins.includes(origin))) return;
      reply.header('access-control-allow-origin', any ? '*' : origin);
      reply.header('vary', 'Origin');
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        reply.header('access-control-allow-methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS');
        reply.header(
          'access-control-allow-headers',
          request.headers['access-control-request-headers'] ??
            'Authorization, Content-Type, Accept, Category, Link, X-OCCI-Attribute, X-OCCI-Location',
        );
        reply.header('access-control-max-age', '600');
        return reply.code(204).send();
      }
    });
  }

  if (config.rateLimit > 0) {
    const limiter = new RateLimiter(config.rateLimit);
    app.addHook('onRequest', async (request, reply) => {
      const verdict = limiter.take(request.ip);
      if (!verdict.allowed) {
        return reply
          .code(429)
          .header('retry-after', String(verdict.retryAfter))
          .header('content-type', 'text/plain')
          .send(
            `too many requests from ${request.ip}: the limit is ${config.rateLimit} per minute; retry in ${verdict.retryAfter} s\n`,
          );
      }
    });
  }

  app.get('/healthz', async (_request, reply) =>
    reply.header('content-type', 'application/json').send('{"status":"ok"}'),
  );
  app.get('/readyz', async (_request, reply) => {
    try {
      await rawStore.query({ limit: 1 });
      return reply.header('content-type', 'application/json').send('{"status":"ready"}');
    } catch (error) {
      app.log.warn({ err: error }, 'store not ready');
      return reply
        .code(503)
        .header('content-type', 'application/json')
        .send('{"status":"unavailable","reason":"store"}');
    }
  });
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', 'text/plain; version=0.0.4').send(metrics.render()),
  );

  const authenticate = auth
    ? (request: FastifyRequest): Promise<Caller> => auth.authenticate(request)
    : (): Caller => ({ user: 'anonymous' });
  await app.register(occiPlugin, {
    provider,
    renderings: [textPlain, textOcci, uriList, jsonRendering],
    authenticate,
    ...(auth ? { challenge: auth.challenge } : {}),
    ...(config.publicUrl !== undefined ? { baseUrl: config.publicUrl } : {}),
    maxPageSize: config.pageSize,
    bodyLimit: config.bodyLimit,
    serverName: `occi-server/${VERSION}`,
  });

  let closed = false;
  return {
    app,
    model,
    store: rawStore,
    provider,
    extensions,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await reference.close();
      await rawStore.close();
    },
  };
}
