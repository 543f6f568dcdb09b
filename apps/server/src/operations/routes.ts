/**
 * The operational routes: `/healthz` (alive), `/readyz` (the store
 * answers) and `/metrics` (Prometheus). None is rate limited or audited.
 * `/metrics` is served either on a listener of its own (`--metrics-port`,
 * on loopback by default), or on the main listener where, when the server
 * authenticates, only administrators may read it.
 */
import type { Store } from '@occi/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/authenticator.js';
import { LoginThrottled } from '../auth/login-throttle.js';
import { answerThrottled, authRequestOf } from '../auth/request-auth.js';
import type { Metrics } from './metrics.js';

const operational = { config: { operational: true } };

export interface OperationalRoutes {
  store: Store;
  metrics: Metrics;
  log: FastifyInstance['log'];
}

async function sendMetrics(metrics: Metrics, reply: FastifyReply): Promise<FastifyReply> {
  return reply.header('content-type', metrics.contentType).send(await metrics.render());
}

function healthRoutes(app: FastifyInstance, { store, log }: OperationalRoutes): void {
  app.get('/healthz', operational, async (_request, reply) =>
    reply.header('content-type', 'application/json').send('{"status":"ok"}'),
  );
  app.get('/readyz', operational, async (_request, reply) => {
    try {
      await store.query({ limit: 1 });
      return reply.header('content-type', 'application/json').send('{"status":"ready"}');
    } catch (error) {
      log.warn({ err: error }, 'store not ready');
      return reply
        .code(503)
        .header('content-type', 'application/json')
        .send('{"status":"unavailable","reason":"store"}');
    }
  });
}

/** Health and readiness on the main listener, and /metrics there unless it has a listener of its own. */
export function installOperationalRoutes(
  app: FastifyInstance,
  routes: OperationalRoutes,
  options: { metricsOnMain: boolean; auth: Authenticator | undefined },
): void {
  healthRoutes(app, routes);
  if (!options.metricsOnMain) return;
  const { auth } = options;
  app.get('/metrics', operational, async (request: FastifyRequest, reply) => {
    if (auth) {
      const text = (status: number, message: string) =>
        reply.code(status).header('content-type', 'text/plain').send(`${message}\n`);
      try {
        const caller = await auth.authenticate(authRequestOf(request));
        if (!caller.admin)
          return text(
            403,
            `${caller.user} is no administrator: /metrics is for administrators (or use --metrics-port)`,
          );
      } catch (error) {
        if (error instanceof LoginThrottled) return answerThrottled(reply, error);
        reply.header('www-authenticate', auth.challenge);
        return text(401, `/metrics needs an administrator's credentials: ${(error as Error).message}`);
      }
    }
    return sendMetrics(routes.metrics, reply);
  });
}

/** The listener of its own for /metrics (and health and readiness, for probes), not authenticated. */
export function metricsListener(routes: OperationalRoutes, server: string): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('server', server);
  });
  healthRoutes(app, routes);
  app.get('/metrics', operational, async (_request, reply) => sendMetrics(routes.metrics, reply));
  return app;
}
