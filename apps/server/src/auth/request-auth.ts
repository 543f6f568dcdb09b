/**
 * Authentication as a request hook: the caller is established when the
 * request comes in (before its body is read), so that the rate limit can
 * count per user, the request log and the audit can name the user, and
 * the OCCI plugin's `authenticate` only hands over the result (a refusal
 * is still answered by the plugin, in the negotiated rendering, with the
 * challenge). The operational routes (health, readiness, metrics) are not
 * authenticated here.
 */
import { type Caller, OcciError } from '@occi/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from './authenticator.js';
import { clientCertificateOf } from './client-certificates.js';
import { LoginThrottled } from './login-throttle.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller the request proved (undefined before authentication, or when it failed). */
    occiCaller: Caller | undefined;
    /** Why authentication failed, for the OCCI plugin to answer. */
    occiAuthError: unknown;
  }
  interface FastifyContextConfig {
    /** Health, readiness and metrics: not authenticated by the hook, not rate limited, not audited. */
    operational?: boolean;
  }
}

const ANONYMOUS: Caller = { user: 'anonymous' };

/** The request each caller object was made for (the audit finds the request of a provider call). */
const requestOfCaller = new WeakMap<Caller, FastifyRequest>();

export function requestOf(caller: Caller): FastifyRequest | undefined {
  return requestOfCaller.get(caller);
}

export const isOperational = (request: FastifyRequest): boolean =>
  request.routeOptions.config?.operational === true;

/** What an authenticator reads of a Fastify request: headers, client address, TLS client certificate. */
export const authRequestOf = (request: FastifyRequest) => ({
  headers: request.headers,
  ip: request.ip,
  certificate: clientCertificateOf(request.raw.socket),
});

/** 429 for a login that must wait: the Retry-After and what to do. */
export function answerThrottled(reply: FastifyReply, error: LoginThrottled): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(error.retryAfterSeconds))
    .header('content-type', 'text/plain')
    .send(`${error.message}\n`);
}

export function installAuthentication(
  app: FastifyInstance,
  auth: Authenticator | undefined,
  onThrottled: () => void,
): void {
  app.decorateRequest('occiCaller', undefined);
  app.decorateRequest('occiAuthError', undefined);
  // A callback hook: the anonymous and operational cases cost no promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (isOperational(request)) return done();
    if (!auth) {
      request.occiCaller = { ...ANONYMOUS };
      requestOfCaller.set(request.occiCaller, request);
      return done();
    }
    auth.authenticate(authRequestOf(request)).then(
      (caller) => {
        request.occiCaller = caller;
        requestOfCaller.set(caller, request);
        done();
      },
      (error: unknown) => {
        if (error instanceof LoginThrottled) {
          onThrottled();
          answerThrottled(reply, error);
          return;
        }
        request.occiAuthError = error;
        done();
      },
    );
  });
}

/** The OCCI plugin's `authenticate`: the hook's result. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.occiAuthError !== undefined) throw request.occiAuthError;
  if (request.occiCaller) return request.occiCaller;
  throw new OcciError('unauthorized', { code: 'other', message: 'authentication required' });
}
