/**
 * The audit trail: every write request (POST, PUT, DELETE — create,
 * update, replace, delete, action, mixin definition or association) gets
 * one structured log line when it completes, with the request id, the
 * user, the method and URL, what the provider was asked to do and on
 * which locations, and the outcome (`success`, `refused` for a 4xx,
 * `failed` for a 5xx) with the status and, for a refusal, its reason:
 *
 *   {"level":30,"reqId":"…","audit":{"user":"alice","method":"POST","url":"/compute/",
 *    "operation":"create","locations":["/compute/1f…"],"outcome":"success","status":201},"msg":"audit"}
 *
 * The lines are written at level `info` even when `--log-level` is
 * `warn` or `error` (only `silent` drops them). The provider wrapper
 * records what each call did on its request (found through the caller
 * object the request's authentication made).
 */
import {
  type Caller,
  type CollectionSelector,
  type Entity,
  isOcciError,
  type Provider,
  type TypeIdentifier,
} from '@occi/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOperational, requestOf } from '../auth/request-auth.js';
import { writeInfoLine } from '../request-log.js';

interface AuditRecord {
  operation: string;
  locations: string[];
  reason?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    occiAudit: AuditRecord | undefined;
    /** The text of an error answer to a write that never reached the provider. */
    occiAnswer: string | undefined;
  }
}

const WRITES = new Set(['POST', 'PUT', 'DELETE']);

const selector = (c: CollectionSelector): string =>
  'kind' in c ? c.kind : 'mixin' in c ? c.mixin : JSON.stringify(c);

/** Records, on the request a caller belongs to, what a provider call did. */
function record(caller: Caller, operation: string, locations: string[], error?: unknown): void {
  const request = requestOf(caller);
  if (!request) return;
  const previous = request.occiAudit;
  request.occiAudit = {
    operation: previous ? `${previous.operation}+${operation}` : operation,
    locations: [...(previous?.locations ?? []), ...locations],
    ...(error !== undefined
      ? {
          reason: isOcciError(error) ? error.message : error instanceof Error ? error.message : String(error),
        }
      : {}),
  };
}

/** A provider whose writes are recorded for the audit line of their request. */
export function auditedProvider(provider: Provider): Provider {
  const audited =
    <A extends [Caller, ...unknown[]], R>(
      operation: string,
      call: (...args: A) => Promise<R>,
      where: (args: A, result: R | undefined) => string[],
    ) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await call(...args);
        record(args[0], operation, where(args, result));
        return result;
      } catch (error) {
        record(args[0], operation, where(args, undefined), error);
        throw error;
      }
    };
  const locationOf = (e: Entity | undefined) => (e?.location ? [e.location] : []);
  return {
    model: (caller) => provider.model(caller),
    list: (caller, request) => provider.list(caller, request),
    ...(provider.listBatches
      ? { listBatches: (caller, request, size) => provider.listBatches!(caller, request, size) }
      : {}),
    get: (caller, location) => provider.get(caller, location),
    create: audited(
      'create',
      (c, d) => provider.create(c, d),
      (_a, r) => locationOf(r),
    ),
    put: audited(
      'replace',
      (c, l, d, w) => provider.put(c, l, d, w),
      ([, l], r) => (r?.created ? [l, '(created)'] : [l]),
    ),
    update: audited(
      'update',
      (c, l, d, w) => provider.update(c, l, d, w),
      ([, l]) => [l],
    ),
    delete: audited(
      'delete',
      (c, l, w) => provider.delete(c, l, w),
      ([, l]) => [l],
    ),
    deleteAll: audited(
      'delete-all',
      (c, s, f) => provider.deleteAll(c, s, f),
      ([, s], n) => [`${selector(s)}${n !== undefined ? ` (${n} deleted)` : ''}`],
    ),
    associate: audited(
      'associate',
      (c, m, l) => provider.associate(c, m, l),
      ([, m, l]) => [m, ...l],
    ),
    dissociate: audited(
      'dissociate',
      (c, m, l) => provider.dissociate(c, m, l),
      ([, m, l]) => [m, ...(l ?? [])],
    ),
    setMembership: audited(
      'set-membership',
      (c, m, l) => provider.setMembership(c, m, l),
      ([, m, l]) => [m, ...l],
    ),
    invoke: audited(
      'action',
      (c, t, i) => provider.invoke(c, t, i),
      ([, t, i]) => [`${i.action} on ${'location' in t ? t.location : selector(t.collection)}`],
    ),
    defineMixins: audited(
      'define-mixins',
      (c, m) => provider.defineMixins(c, m),
      ([, m]) => m.map((x) => `${x.scheme}${x.term}${x.location ? ` at ${x.location}` : ''}`),
    ),
    removeMixins: audited(
      'remove-mixins',
      (c, ids) => provider.removeMixins(c, ids),
      ([, ids]) => [...(ids as TypeIdentifier[])],
    ),
  };
}

/** Why a write was refused: the provider's error, the authentication's, else what the answer says. */
function reasonOf(request: FastifyRequest): string | undefined {
  if (request.occiAudit?.reason !== undefined) return request.occiAudit.reason;
  const error = request.occiAuthError;
  return error instanceof Error ? error.message : request.occiAnswer;
}

/** The message of an error answer (JSON `error.message`, or the text), short. */
function answerText(payload: unknown): string | undefined {
  const text =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {}
  const line = text.trim().split('\n').join('; ');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** One line per write request when it completes. */
export function installAudit(
  app: FastifyInstance,
  enabled: boolean,
  onWrite: (outcome: string) => void,
): void {
  app.decorateRequest('occiAudit', undefined);
  app.decorateRequest('occiAnswer', undefined);
  // Callback hooks: every request passes them, and most (reads) leave at once without a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && WRITES.has(request.method) && request.occiAudit?.reason === undefined)
      request.occiAnswer = answerText(payload);
    done(null, payload);
  });
  app.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    try {
      auditLine(request, reply);
    } catch (error) {
      request.log.error({ err: error }, 'the audit line could not be written');
    }
    done();
  });

  function auditLine(request: FastifyRequest, reply: FastifyReply): void {
    if (!WRITES.has(request.method) || isOperational(request)) return;
    const status = reply.statusCode;
    const outcome = status < 400 ? 'success' : status < 500 ? 'refused' : 'failed';
    onWrite(outcome);
    if (!enabled) return;
    const audit = request.occiAudit;
    const line = {
      user: request.occiCaller?.user ?? null,
      ...(request.occiCaller?.admin ? { admin: true } : {}),
      method: request.method,
      url: request.url,
      operation: audit?.operation ?? 'none',
      locations: audit?.locations ?? [],
      outcome,
      status,
      ...(status >= 400 && reasonOf(request) !== undefined ? { reason: reasonOf(request) } : {}),
    };
    writeInfoLine(request, `,"audit":${JSON.stringify(line)}`, 'audit');
  }
}
