/**
 * Rate limiting with `@fastify/rate-limit`: a budget of requests per
 * minute (a fixed window) per authenticated user, or per client address
 * (an IPv6 address by its /64) for requests that proved no user. It runs
 * after authentication, so a user behind a shared address (a NAT, a proxy)
 * has a budget of their own. Health, readiness and metrics are exempt. The
 * counters live in an LRU map of `cacheSize` keys: the least recently seen
 * key is dropped first, never all at once.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clientKey } from '../addresses.js';
import { isOperational } from '../auth/request-auth.js';

export interface RateLimitOptions {
  /** Requests per minute. */
  perMinute: number;
  /** Most keys counted at once; default 10 000. */
  cacheSize?: number;
  /** Told of each refused request (metrics). */
  onLimited?: () => void;
}

/** Whom a request is counted for: its user, or its client address. */
export function rateLimitKey(request: FastifyRequest): string {
  return request.occiCaller ? `user:${request.occiCaller.user}` : `address:${clientKey(request.ip)}`;
}

export async function installRateLimit(app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, { global: false, cache: options.cacheSize ?? 10_000 });
  const check = app.createRateLimit({
    max: options.perMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (isOperational(request) || reply.sent) return;
    const verdict = await check(request);
    if (verdict.isAllowed) return;
    reply.header('x-ratelimit-limit', String(verdict.max));
    reply.header('x-ratelimit-remaining', String(verdict.remaining));
    if (!verdict.isExceeded) return;
    options.onLimited?.();
    const who = request.occiCaller ? `user ${request.occiCaller.user}` : `${request.ip}`;
    return reply
      .code(429)
      .header('retry-after', String(verdict.ttlInSeconds))
      .header('content-type', 'text/plain')
      .send(
        `too many requests from ${who}: the limit is ${options.perMinute} per minute; retry in ${verdict.ttlInSeconds} s\n`,
      );
  });
}
