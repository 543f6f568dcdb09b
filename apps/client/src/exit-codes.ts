/**
 * The documented exit codes of `occi` (see README "Exit codes"), and the
 * one-line error message every expected failure prints instead of a stack.
 */

export const EXIT = {
  /** Success. */
  ok: 0,
  /** The server rejected the request as invalid (400, 405, 406, 413, 415…), or `occi parse` found problems. */
  invalid: 1,
  /** The command line is wrong: unknown option, missing argument, bad value, ambiguous name, bad config. */
  usage: 2,
  /** What the command names does not exist (404, or no such category in the server's model). */
  notFound: 3,
  /** The server refused the change because of the entity's state (409, 412). */
  conflict: 4,
  /** Missing or wrong credentials, or not allowed (401, 403). */
  auth: 5,
  /** The server failed (5xx) or answered something the client cannot read. */
  server: 6,
  /** No answer: connection refused, host not found, request timeout. */
  network: 7,
  /** `--wait` gave up: the entity did not reach the state in time (or entered `error`). */
  timeout: 8,
  /** `occi parse`: the message is valid, with warnings (non-conformant but unambiguous; `--strict` makes them errors). */
  warnings: 9,
  /** Several sites (`--sites`): some failed or did not answer; what the others answered is printed. */
  partial: 10,
  /** Cancelled at a prompt (Ctrl-C, or the end of input). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure of the command line itself, with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);

/** The shape of an `OcciError` / `OcciClientError` (checked by shape, so this file imports nothing heavy). */
interface OcciErrorShape {
  kind: string;
  message: string;
  problems: readonly { message: string }[];
  status?: number;
  method?: string;
  url?: string;
  serverMessage?: string;
}

export function isOcciErrorShape(error: unknown): error is OcciErrorShape {
  return (
    error instanceof Error &&
    typeof (error as { kind?: unknown }).kind === 'string' &&
    Array.isArray((error as { problems?: unknown }).problems)
  );
}

/** The exit code of an error the client or the server reported. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (!isOcciErrorShape(error)) return EXIT.server;
  const status = error.status;
  switch (error.kind) {
    case 'unauthorized':
    case 'forbidden':
      return EXIT.auth;
    case 'not-found':
      return EXIT.notFound;
    case 'conflict':
    case 'precondition-failed':
      return EXIT.conflict;
    case 'unavailable':
      return status === undefined ? EXIT.network : EXIT.server;
    case 'internal':
    case 'not-implemented':
      return EXIT.server;
    case 'header-too-large':
      return status === undefined ? EXIT.server : EXIT.invalid;
    default:
      // A request the server answered as invalid; without a response, the input was refused before sending.
      return status === undefined ? EXIT.usage : EXIT.invalid;
  }
}

/** One line: the server's message (or the problems), then the HTTP status and request. */
export function errorLine(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (isOcciErrorShape(error)) {
    const problems = error.problems.map((p) => p.message).filter((m) => m !== '');
    let text = problems.length > 0 ? problems.join('; ') : (error.serverMessage ?? error.message);
    if (error.method !== undefined && error.url !== undefined) {
      // OcciClientError appends "(METHOD url answered N)" to its message; the problems do not carry it.
      const where =
        error.status !== undefined
          ? `HTTP ${error.status}, ${error.method} ${error.url}`
          : `${error.method} ${error.url}`;
      text = `${text} (${where})`;
    }
    return text.replace(/\s*\r?\n\s*/g, ' ');
  }
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\r?\n\s*/g, ' ');
}
