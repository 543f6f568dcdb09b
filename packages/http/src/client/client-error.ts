/**
 * Errors of the client: every failed exchange is an `OcciClientError` — an
 * `OcciError` whose kind follows the HTTP status (HTTP §5.4) or, without a
 * response, says why there was none — carrying the server's message and the
 * request that failed.
 */
import type { OcciErrorKind, Problem, ProblemCode } from '@occi/core';
import { OcciError } from '@occi/core';
import { errorKindOf } from '../status.js';

export interface Exchange {
  method: string;
  url: string;
}

export class OcciClientError extends OcciError {
  /** The HTTP status of the response; undefined when no response came (network failure, timeout). */
  readonly status: number | undefined;
  /** The request method. */
  readonly method: string;
  /** The absolute URL requested. */
  readonly url: string;
  /** The message as the server wrote it (its error rendering), or undefined when there was no response. */
  readonly serverMessage: string | undefined;

  constructor(
    kind: OcciErrorKind,
    problems: readonly Problem[],
    details: Exchange & { status?: number; serverMessage?: string },
    options?: { cause?: unknown },
  ) {
    super(kind, problems, options);
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.serverMessage = details.serverMessage;
    const what = `${details.method} ${details.url}`;
    this.message =
      details.status === undefined
        ? `${this.message} (${what})`
        : `${this.message} (${what} answered ${details.status})`;
  }
}

const CODE_OF_STATUS: Record<number, ProblemCode> = { 403: 'forbidden', 404: 'not-found' };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The problems of a JSON error body `{"error":{"message":...,"problems":[...]}}`, or undefined. */
function jsonProblems(body: string): { message: string; problems: Problem[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const error = isObject(value) ? value.error : undefined;
  if (!isObject(error) || typeof error.message !== 'string') return undefined;
  const problems: Problem[] = [];
  if (Array.isArray(error.problems))
    for (const p of error.problems)
      if (isObject(p) && typeof p.message === 'string')
        problems.push({
          ...(p as object),
          code: (typeof p.code === 'string' ? p.code : 'other') as ProblemCode,
          message: p.message,
        } as Problem);
  return { message: error.message, problems };
}

/** The error a non-2xx response stands for, with the server's message (HTTP §5.4). */
export function responseError(
  exchange: Exchange,
  status: number,
  contentType: string | undefined,
  body: string,
): OcciClientError {
  const kind = errorKindOf(status);
  const fallbackCode = CODE_OF_STATUS[status] ?? 'other';
  const json =
    contentType?.includes('json') || body.trimStart().startsWith('{') ? jsonProblems(body) : undefined;
  if (json) {
    const problems =
      json.problems.length > 0 ? json.problems : [{ code: fallbackCode, message: json.message }];
    return new OcciClientError(kind, problems, { ...exchange, status, serverMessage: json.message });
  }
  // Text renderings write one line per problem (GFD.229 error bodies).
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'OK');
  const message = lines.length > 0 ? lines.join('; ') : `the server answered ${status} without a message`;
  const problems = (lines.length > 0 ? lines : [message]).map((m) => ({ code: fallbackCode, message: m }));
  return new OcciClientError(kind, problems, {
    ...exchange,
    status,
    ...(lines.length > 0 ? { serverMessage: message } : {}),
  });
}

const REFUSED = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUTS = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function codeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && isObject(e); depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause;
  }
  return undefined;
}

/** The error for a request that got no usable response: the endpoint is named. */
export function transportError(
  exchange: Exchange,
  endpoint: string,
  error: unknown,
  limits: { timeoutMs?: number; maxHeaderSize: number },
): OcciClientError {
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  let kind: OcciErrorKind = 'unavailable';
  let message: string;
  if (code === 'ECONNREFUSED')
    message = `cannot connect to the OCCI endpoint ${endpoint}: connection refused`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    message = `cannot connect to the OCCI endpoint ${endpoint}: host not found`;
  else if (code !== undefined && TIMEOUTS.has(code))
    message = `the OCCI endpoint ${endpoint} did not answer within ${limits.timeoutMs ?? 'the default'} ms`;
  else if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    kind = 'header-too-large';
    message = `the response header section is larger than maxHeaderSize (${limits.maxHeaderSize} bytes); raise maxHeaderSize or use another rendering than text/occi`;
  } else if (code !== undefined && REFUSED.has(code))
    message = `the connection to the OCCI endpoint ${endpoint} failed: ${detail}`;
  else message = `request to the OCCI endpoint ${endpoint} failed: ${detail}`;
  return new OcciClientError(kind, [{ code: 'other', message }], exchange, { cause: error });
}
