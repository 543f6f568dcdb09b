/**
 * Typed errors. Every failure the model, a rendering or a provider reports is
 * an `OcciError` whose `kind` says what class of failure it is; the HTTP layer
 * maps kinds to status codes without looking at messages.
 */

export type OcciErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'conflict'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'header-too-large'
  | 'not-implemented'
  | 'unavailable'
  | 'internal';

/** What went wrong, precisely; one value per rule of the model. */
export type ProblemCode =
  | 'parse-error'
  | 'unknown-category'
  | 'unknown-kind'
  | 'unknown-mixin'
  | 'unknown-action'
  | 'wrong-category-class'
  | 'not-instantiable'
  | 'missing-kind'
  | 'kind-changed'
  | 'missing-required-attribute'
  | 'immutable-attribute'
  | 'unknown-attribute'
  | 'attribute-type'
  | 'attribute-pattern'
  | 'reserved-namespace'
  | 'reserved-scheme'
  | 'mixin-not-applicable'
  | 'invalid-link'
  | 'invalid-extension'
  | 'invalid-location'
  | 'invalid-pagination'
  | 'action-not-applicable'
  | 'action-mismatch'
  | 'action-failed'
  | 'duplicate'
  | 'version-mismatch'
  | 'not-found'
  | 'forbidden'
  // What a parser accepted although the document does not allow it (`ParseContext.warnings`):
  /** A Category without `class`, read as the class the model gives its type identifier. */
  | 'missing-class'
  /** Fields out of the order a rendering prescribes (a Link after the attributes), read in any order. */
  | 'field-order'
  /** A relative reference where a location belongs, read against the base URL. */
  | 'relative-location'
  /** A form no document defines that another implementation sends (`X-OCCI-Category`, a JSON entity's `location`). */
  | 'non-standard'
  | 'other';

/** One problem with a request or a definition, naming what it is about. */
export interface Problem {
  code: ProblemCode;
  message: string;
  /** The attribute concerned. */
  attribute?: string;
  /** The category (type identifier) concerned. */
  category?: string;
  /** The location concerned. */
  location?: string;
  /** A JSON pointer into the request (JSON rendering). */
  pointer?: string;
  /** A 1-based line (text/plain) or header field name (text/occi). */
  line?: number;
  field?: string;
}

export class OcciError extends Error {
  override readonly name = 'OcciError';
  readonly kind: OcciErrorKind;
  readonly problems: readonly Problem[];

  constructor(kind: OcciErrorKind, problems: Problem | readonly Problem[], options?: { cause?: unknown }) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map((p) => p.message).join('; ') || kind, options);
    this.kind = kind;
    this.problems = list;
  }

  /** The first problem's code. */
  get code(): ProblemCode {
    return this.problems[0]?.code ?? 'other';
  }
}

export function isOcciError(error: unknown): error is OcciError {
  return error instanceof OcciError;
}

const problem = (code: ProblemCode, message: string, extra?: Omit<Problem, 'code' | 'message'>): Problem => ({
  code,
  message,
  ...extra,
});

export const badRequest = (code: ProblemCode, message: string, extra?: Omit<Problem, 'code' | 'message'>) =>
  new OcciError('bad-request', problem(code, message, extra));
export const notFound = (message: string, extra?: Omit<Problem, 'code' | 'message'>) =>
  new OcciError('not-found', problem('not-found', message, extra));
export const conflict = (code: ProblemCode, message: string, extra?: Omit<Problem, 'code' | 'message'>) =>
  new OcciError('conflict', problem(code, message, extra));
export const forbidden = (message: string, extra?: Omit<Problem, 'code' | 'message'>) =>
  new OcciError('forbidden', problem('forbidden', message, extra));
