/**
 * The OCCI HTTP Protocol (GFD.223) as a fastify plugin: give it a Provider
 * and the Renderings to offer, and it serves the whole namespace — the
 * query interface, Kind and Mixin collections, unbound paths and entities.
 */
import type { Caller, Model } from '@occi/core';
import { isOcciError, OcciError } from '@occi/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { offersOf } from '../negotiation.js';
import { STATUS } from '../status.js';
import { isHigherVersion, OCCI_VERSION } from '../versioning.js';
import {
  KIND_COLLECTION_METHODS,
  kindCollection,
  MIXIN_COLLECTION_METHODS,
  mixinCollection,
  unboundPath,
} from './collections.js';
import { ENTITY_METHODS, entityInstance } from './entity-instances.js';
import { Exchange, type Settings } from './exchange.js';
import type { OcciPluginOptions } from './options.js';
import { QUERY_INTERFACE_PATHS, queryInterface } from './query-interface.js';

const ANONYMOUS: Caller = { user: 'anonymous' };

function dispatch(x: Exchange): Promise<unknown> {
  if (QUERY_INTERFACE_PATHS.includes(x.path)) return queryInterface(x);
  const bound = x.model.byLocation(x.path);
  if (bound?.class === 'kind') return kindCollection(x, bound);
  if (bound?.class === 'mixin') return mixinCollection(x, bound);
  if (x.path.endsWith('/')) return unboundPath(x);
  return entityInstance(x);
}

/** Maps errors of fastify itself (body limits, bad content length...) to OCCI errors. */
function fromFastifyError(error: unknown): OcciError {
  if (isOcciError(error)) return error;
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new OcciError('payload-too-large', {
      code: 'other',
      message: 'the request body is larger than this server accepts',
    });
  if (e.statusCode === 415)
    return new OcciError('unsupported-media-type', {
      code: 'other',
      message: `the request's Content-Type is not a media type this server reads: ${e.message ?? ''}`.trim(),
    });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return new OcciError('bad-request', { code: 'parse-error', message: e.message ?? 'malformed request' });
  return new OcciError('internal', { code: 'other', message: 'internal error' }, { cause: error });
}

async function occi(app: FastifyInstance, options: OcciPluginOptions): Promise<void> {
  if (!options.provider) throw new Error('@occi/http: the provider option is required');
  if (!options.renderings?.length) throw new Error('@occi/http: at least one rendering is required');
  const offers = offersOf(options.renderings);
  const settings: Settings = {
    provider: options.provider,
    renderings: options.renderings,
    offers,
    maxPageSize: options.maxPageSize ?? 1000,
    maxResponseHeaderBytes: options.maxResponseHeaderBytes ?? 64 * 1024,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
  };
  const authenticate = options.authenticate ?? (() => ANONYMOUS);
  const base: Model = await options.provider.model(ANONYMOUS);
  // HTTP §5.2–5.3: Server names the OCCI version, plus tokens extensions add (e.g. the CRTP claim).
  const server = [options.serverName ?? 'occi-ts', OCCI_VERSION, ...base.serverTokens()].join(' ');
  const accept = offers.map((o) => o.mediaType).join(', ');

  app.decorate('occi', { provider: options.provider, renderings: options.renderings, server });

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: options.bodyLimit ?? 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );

    // rOCCI 4 labels its text/plain payloads `Content-Type: text/plain,text/occi`: the first type is the payload's.
    scope.addHook('onRequest', (request, _reply, done) => {
      const type = request.headers['content-type'];
      if (type?.includes(',')) request.headers['content-type'] = type.slice(0, type.indexOf(',')).trim();
      done();
    });

    scope.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('server', server);
      reply.header('accept', accept);
      done(null, payload);
    });

    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const x = new Exchange(settings, request, reply, ANONYMOUS, base);
      try {
        // HTTP §5.3: a client asking for a higher OCCI version gets 501.
        if (isHigherVersion(request.headers['user-agent']))
          throw new OcciError('not-implemented', {
            code: 'other',
            message: `this server implements ${OCCI_VERSION}; the client asked for ${request.headers['user-agent']}`,
          });
        // The caller is mostly known already (a request hook authenticated): no promise to wait for.
        const caller = authenticate(request);
        x.caller = caller instanceof Promise ? await caller : caller;
        x.model = await options.provider.model(x.caller);
        return await dispatch(x);
      } catch (error) {
        const occiError = fromFastifyError(error);
        const status = STATUS[occiError.kind];
        if (status >= 500 && occiError.kind === 'internal')
          request.log.error({ err: error }, 'request failed');
        if (status === 401 && options.challenge) reply.header('www-authenticate', options.challenge);
        return x.sendError(status, occiError);
      }
    };

    scope.setErrorHandler((error, request, reply) => {
      const occiError = fromFastifyError(error);
      const status = STATUS[occiError.kind];
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return new Exchange(settings, request, reply, ANONYMOUS, base).sendError(status, occiError);
    });

    // Every path is routed for these methods; any other method is one this server does not
    // implement (RFC 9110 §15.6.2: 501), answered in the negotiated rendering.
    scope.setNotFoundHandler((request, reply) =>
      new Exchange(settings, request, reply, ANONYMOUS, base).sendError(
        501,
        new OcciError('not-implemented', {
          code: 'other',
          message: `this server does not serve method ${request.method}; OCCI uses GET, HEAD, POST, PUT, DELETE and OPTIONS`,
        }),
      ),
    );

    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;
    scope.route({ method: [...methods], url: '/', handler: handle, exposeHeadRoute: false });
    scope.route({ method: [...methods], url: '/*', handler: handle, exposeHeadRoute: false });
  });
}

/** Allowed methods per kind of path, for documentation and OPTIONS. */
export const ALLOWED_METHODS = {
  queryInterface: ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'],
  kindCollection: KIND_COLLECTION_METHODS,
  mixinCollection: MIXIN_COLLECTION_METHODS,
  entity: ENTITY_METHODS,
} as const;

declare module 'fastify' {
  interface FastifyInstance {
    occi: {
      provider: OcciPluginOptions['provider'];
      renderings: OcciPluginOptions['renderings'];
      server: string;
    };
  }
}

export const occiPlugin = fp(occi, { fastify: '5.x', name: '@occi/http' });
