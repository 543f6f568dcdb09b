/**
 * Errors of the client: every failed exchange is an `OcciClientError` — an
 * `OcciError` whose kind follows the HTTP status (HTTP §5.4) or, without a
 * response, says why there was none — carrying the server's message and the
 * request that failed.
 */
import type { ErrorMessage, HeaderFields, OcciErrorKind, Problem, ProblemCode, Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import { mediaTypeOf } from '../negotiation.js';
import { errorKindOf } from '../status.js';
import { occiHeaderText } from './header-fields.js';

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

/** A body none of the renderings reads (a proxy's page, a framework's error): its text, one problem per line. */
function textOf(body: string, status: number): ErrorMessage {
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return {
    status,
    message: lines.join('; '),
    problems: lines.map((message) => ({ code: 'other', message })),
  };
}

/**
 * The error a non-2xx response stands for (HTTP §5.4), with the server's
 * message as the rendering of its Content-Type reads it.
 */
export function responseError(
  exchange: Exchange,
  response: { status: number; headers: HeaderFields; body: string },
  renderings: readonly Rendering[],
): OcciClientError {
  const { status, body } = response;
  const contentType = response.headers['content-type'];
  const type = mediaTypeOf(Array.isArray(contentType) ? contentType[0] : contentType);
  const rendering = type !== undefined ? renderings.find((r) => r.mediaTypes.includes(type)) : undefined;
  let read: ErrorMessage | undefined;
  if (rendering) {
    try {
      read = rendering.readError({ headers: occiHeaderText(response.headers), body }, status);
    } catch {
      // Not the rendering's error body: read as text below.
    }
  }
  read ??= textOf(body, status);
  const kind = errorKindOf(status);
  const fallbackCode = CODE_OF_STATUS[status] ?? 'other';
  if (read.message === '' && read.problems.length === 0) {
    const message = `the server answered ${status} without a message`;
    return new OcciClientError(kind, [{ code: fallbackCode, message }], { ...exchange, status });
  }
  // A problem the rendering could not name is named by the status.
  const problems: Problem[] =
    read.problems.length > 0
      ? read.problems.map((p) => (p.code === 'other' ? { ...p, code: fallbackCode } : p))
      : [{ code: fallbackCode, message: read.message }];
  return new OcciClientError(kind, problems, { ...exchange, status, serverMessage: read.message });
}

/** The code of a request sent through a transport after its `close()`. */
export const CLIENT_CLOSED = 'ERR_OCCI_CLIENT_CLOSED';

const REFUSED = new Set([
  'ECONNREFUSED',
  CLIENT_CLOSED,
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
  else if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_HEADER_OVERFLOW') {
    kind = 'header-too-large';
    message = `the response header section is larger than maxHeaderSize (${limits.maxHeaderSize} bytes); raise maxHeaderSize or use another rendering than text/occi`;
  } else if (code !== undefined && REFUSED.has(code))
    message = `the connection to the OCCI endpoint ${endpoint} failed: ${detail}`;
  else message = `request to the OCCI endpoint ${endpoint} failed: ${detail}`;
  return new OcciClientError(kind, [{ code: 'other', message }], exchange, { cause: error });
}
