/**
 * Composition of the server: extensions, store and reference provider
 * (wrapped for quotas and the audit), the OCCI HTTP plugin with the three
 * renderings, authentication, rate limits, and the operational routes
 * (health, readiness, metrics) with CORS.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Extension, Provider, Store } from '@occi/core';
import { createReferenceProvider, Model, OcciError } from '@occi/core';
import { occiPlugin } from '@occi/http/server';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain, uriList } from '@occi/render-text';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type AuthenticatorOptions, createAuthenticator } from './auth/index.js';
import { callerOf, installAuthentication } from './auth/request-auth.js';
import { isLoopback, type ServerConfig } from './config.js';
import { installConsole } from './console/index.js';
import { installOpenApi } from './openapi/index.js';
import { auditedProvider, installAudit } from './operations/audit.js';
import { answerClientError } from './operations/client-errors.js';
import { instrumentStore, Metrics, routeLabel } from './operations/metrics.js';
import { quotas, unknownQuotaKinds } from './operations/quotas.js';
import { installRateLimit } from './operations/rate-limit.js';
import { installOperationalRoutes, metricsListener } from './operations/routes.js';
import { loadExtensions } from './registry.js';
import { flushLog, logOptions } from './request-log.js';
import { openStore } from './stores/index.js';

export interface OcciServer {
  app: FastifyInstance;
  /** The listener of /metrics when `--metrics-port` is given (main.ts makes it listen). */
  metricsApp?: FastifyInstance;
  model: Model;
  store: Store;
  provider: Provider;
  extensions: Extension[];
  /** Stops accepting connections, finishes in-flight requests, closes the store. */
  close(): Promise<void>;
}

/** What tests (and embedders) may add to a configuration. */
export interface BuildOptions {
  /** Where the JSON log lines go, written synchronously; default standard output, buffered (request-log.ts). */
  logStream?: NodeJS.WritableStream;
  /** Settings of the authenticator no option exposes (clock, cool-downs, scrypt cost). */
  authenticator?: Partial<AuthenticatorOptions>;
}

/** The version in the server's package.json (one level above both src/ and dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const EXPOSED_HEADERS =
  'Location, ETag, Server, Accept, Category, Link, X-OCCI-Attribute, X-OCCI-Location, X-Request-Id, Retry-After';

/** The authenticator's options from the configuration; undefined when nothing authenticates. */
function authenticatorOptions(config: ServerConfig, extra: Partial<AuthenticatorOptions>) {
  const any =
    config.usersFile !== undefined ||
    config.jwtKey !== undefined ||
    config.oidcIssuer !== undefined ||
    config.tlsClientCa !== undefined;
  if (!any) return undefined;
  const options: AuthenticatorOptions = {
    ...(config.usersFile !== undefined ? { usersFile: config.usersFile } : {}),
    ...(config.jwtKey !== undefined ? { jwtKeyFile: config.jwtKey } : {}),
    ...(config.oidcIssuer !== undefined ? { oidcIssuer: config.oidcIssuer } : {}),
    ...(config.jwtIssuer !== undefined ? { jwtIssuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience !== undefined ? { jwtAudience: config.jwtAudience } : {}),
    ...(config.jwtAdminClaim !== undefined ? { jwtAdminClaim: config.jwtAdminClaim } : {}),
    jwtUserClaim: config.jwtUserClaim,
    jwtMaxLifetimeSeconds: config.jwtMaxLifetime,
    ...(config.tlsClientCa !== undefined ? { certificates: config.tlsClientUser } : {}),
    ...extra,
  };
  return options;
}

export async function buildServer(config: ServerConfig, build: BuildOptions = {}): Promise<OcciServer> {
  const extensions = loadExtensions(config);
  const authOptions = authenticatorOptions(config, build.authenticator ?? {});
  if (!authOptions && !config.allowAnonymous && !isLoopback(config.host)) {
    throw new OcciError('forbidden', {
      code: 'other',
      message: `refusing to listen on ${config.host} without authentication: give --users-file, --jwt-key, --oidc-issuer or --tls-client-ca, or --allow-anonymous if you really mean it`,
    });
  }
  const metrics = new Metrics();
  const { logger, logController, childLoggerFactory } = logOptions(config, build.logStream);
  // The authenticator logs through the server's logger once it exists.
  let log: FastifyInstance['log'] | undefined;
  const auth = authOptions
    ? await createAuthenticator({
        log: (level, message, error) => log?.[level]({ ...(error ? { err: error } : {}) }, message),
        onLoginFailure: () => metrics.event('login_failed'),
        ...authOptions,
      })
    : undefined;
  const rawStore = await openStore(config.store, { exclusive: config.storeExclusive });
  const store = instrumentStore(rawStore, metrics);
  const quota = auth
    ? quotas({ store: rawStore, accounts: auth.accounts, onExceeded: () => metrics.event('quota_exceeded') })
    : undefined;
  const model = Model.create(quota ? [...extensions, quota.extension] : extensions);
  const unknownKinds = auth && config.usersFile ? unknownQuotaKinds(auth.accounts(), model) : [];
  if (unknownKinds.length > 0) {
    await rawStore.close();
    throw new OcciError('bad-request', {
      code: 'other',
      message: `users file ${config.usersFile}: ${unknownKinds.join('; ')}`,
    });
  }
  const reference = createReferenceProvider({ model, store });
  // The backend's start: its engine answers, its leftovers from a crash are gone.
  await reference.start().catch(async (error: unknown) => {
    await rawStore.close();
    throw error;
  });
  const provider: Provider = auditedProvider(quota ? quota.provider(reference) : reference);

  const tls =
    config.tlsCert && config.tlsKey
      ? {
          cert: readFileSync(config.tlsCert),
          key: readFileSync(config.tlsKey),
          // Asked for, verified against the CA, refused by the authenticator (401 naming why), not by the handshake.
          ...(config.tlsClientCa
            ? { ca: readFileSync(config.tlsClientCa), requestCert: true, rejectUnauthorized: false }
            : {}),
        }
      : undefined;
  const serverOptions = { maxHeaderSize: config.headerLimit, requestTimeout: config.requestTimeout };
  const app: FastifyInstance = Fastify({
    logger,
    requestIdHeader: 'x-request-id',
    logController,
    childLoggerFactory,
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // X-Forwarded-For/-Proto/-Host only from the proxies the operator names.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
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
  log = app.log;

  const locations = new Set(model.locations().keys());
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // HTTP §5.3: every response names the OCCI version, those of /healthz, /metrics, 429 and CORS preflights too.
    reply.header('server', app.occi.server);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const url = request.raw.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    metrics.request(request.method, routeLabel(path, locations), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  if (config.corsOrigins.length > 0) installCors(app, config.corsOrigins);
  installAuthentication(app, auth, () => metrics.event('login_throttled'));
  if (config.rateLimit > 0)
    await installRateLimit(app, {
      perMinute: config.rateLimit,
      onLimited: () => metrics.event('rate_limited'),
    });
  installAudit(app, config.logLevel !== 'silent', (outcome) => metrics.write(outcome));

  const routes = { store: rawStore, metrics, log: app.log };
  installOperationalRoutes(app, routes, { metricsOnMain: config.metricsPort === undefined, auth });
  installOpenApi(app, { provider, config, version: VERSION, challenge: auth?.challenge });
  await installConsole(app, config, VERSION);
  await app.register(occiPlugin, {
    provider,
    renderings: [textPlain, textOcci, uriList, jsonRendering],
    authenticate: callerOf,
    ...(auth ? { challenge: auth.challenge } : {}),
    ...(config.publicUrl !== undefined ? { baseUrl: config.publicUrl } : {}),
    maxPageSize: config.pageSize,
    maxResponseHeaderBytes: config.responseHeaderLimit,
    bodyLimit: config.bodyLimit,
    serverName: `occi-server/${VERSION}`,
  });
  const metricsApp = config.metricsPort !== undefined ? metricsListener(routes, app.occi.server) : undefined;
  // The OpenID provider's metadata, now rather than on the first token; tokens retry when it is down.
  await auth
    ?.ready()
    .catch((error: unknown) =>
      app.log.warn({ err: error }, 'OpenID provider not discovered yet; Bearer JWTs get 503 until it is'),
    );

  let closed = false;
  return {
    app,
    ...(metricsApp ? { metricsApp } : {}),
    model,
    store: rawStore,
    provider,
    extensions,
    async close() {
      if (closed) return;
      closed = true;
      await metricsApp?.close();
      await app.close();
      await auth?.settled();
      await reference.close();
      await rawStore.close();
      await flushLog();
    },
  };
}

/** CORS for the allowed origins: preflights answered, the OCCI header fields exposed. */
function installCors(app: FastifyInstance, origins: readonly string[]): void {
  const any = origins.includes('*');
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || (!any && !origins.includes(origin))) return;
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
