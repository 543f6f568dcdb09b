/**
 * The server's log: pino's JSON lines, by default on standard output
 * through one asynchronous, batched destination per process
 * (log-destination.ts: the event loop never waits for a write), flushed
 * when a server closes and synchronously before the process exits on a
 * fatal error. One line per completed request (the access log) unless
 * `--no-access-log`; failed requests are logged whatever the option says.
 */
import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino from 'pino';
import type { ServerConfig } from './config.js';
import { BatchedDestination } from './log-destination.js';

let stdoutDestination: BatchedDestination | undefined;

/** Standard output as a batched asynchronous destination, one per process, written out when it exits. */
function stdout(): BatchedDestination {
  if (!stdoutDestination) {
    // 16 KiB (about 64 request lines) per write, a quiet server's lines after 100 ms at the latest.
    const destination = new BatchedDestination({ fd: 1, minBytes: 16 * 1024, flushMs: 100 });
    process.once('exit', () => destination.flushSync());
    stdoutDestination = destination;
  }
  return stdoutDestination;
}

/** Writes what the log holds before the process dies (uncaught exceptions, fatal signals). */
export function flushLogSync(): void {
  stdoutDestination?.flushSync();
}

/** Writes what the log holds, without blocking the event loop (a server's close). */
export function flushLog(): Promise<void> {
  const destination = stdoutDestination;
  if (!destination) return Promise.resolve();
  // A reader that stopped reading does not hold the close up for more than a second.
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000).unref();
    destination.flush(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type Logger = FastifyBaseLogger;
type Bindings = Parameters<Logger['child']>[0];
type ChildOptions = Parameters<Logger['child']>[1];
type LogFn = (...args: unknown[]) => void;
/** What pino keeps of a logger: its destination and the JSON of its bindings (`,"pid":…,"hostname":…`). */
interface PinoInternals {
  [pino.symbols.streamSym]: pino.DestinationStream;
  [pino.symbols.chindingsSym]: string;
}

/**
 * A request's logger (`request.log`): pino's child with the request id,
 * made when something logs through it — most requests log only their one
 * line, which goes through the server's logger with the id as a field.
 */
class RequestLogger {
  #child: Logger | undefined;

  constructor(
    readonly parent: Logger,
    readonly ownBindings: Bindings,
    readonly options: ChildOptions,
  ) {}

  get #logger(): Logger {
    this.#child ??= this.parent.child(this.ownBindings, this.options);
    return this.#child;
  }

  get level(): string {
    return this.#logger.level;
  }

  set level(level: string) {
    this.#logger.level = level;
  }

  fatal(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.fatal as LogFn).apply(logger, args);
  }

  error(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.error as LogFn).apply(logger, args);
  }

  warn(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.warn as LogFn).apply(logger, args);
  }

  info(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.info as LogFn).apply(logger, args);
  }

  debug(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.debug as LogFn).apply(logger, args);
  }

  trace(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.trace as LogFn).apply(logger, args);
  }

  silent(...args: unknown[]): void {
    const logger = this.#logger;
    (logger.silent as LogFn).apply(logger, args);
  }

  child(bindings: Bindings, options?: ChildOptions): Logger {
    return this.#logger.child(bindings, options);
  }

  isLevelEnabled(level: string): boolean {
    return (this.#logger as Logger & { isLevelEnabled(level: string): boolean }).isLevelEnabled(level);
  }

  bindings(): Bindings {
    return (this.#logger as Logger & { bindings(): Bindings }).bindings();
  }
}

/** Fastify logs a request when it comes in and when it completes; one line, at completion, says it all. */
class OneLinePerRequest extends LogController {
  constructor(readonly accessLog: boolean) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (!error && !this.accessLog) return;
    const ms = Math.round(reply.elapsedTime * 1000) / 1000;
    const user = request.occiCaller?.user ?? null;
    if (error) {
      const line = { method: request.method, url: request.url, status: reply.statusCode, ms, user };
      reply.log.error({ ...line, ip: request.ip, err: error }, 'request errored');
      return;
    }
    if (!(request.server.log as Logger & Pick<pino.Logger, 'isLevelEnabled'>).isLevelEnabled('info')) return;
    const ip = request.ip;
    writeInfoLine(
      request,
      `,"method":${JSON.stringify(request.method)},"url":${JSON.stringify(request.url)},"status":${reply.statusCode},"ms":${ms},"user":${JSON.stringify(user)}${ip === undefined ? '' : `,"ip":${JSON.stringify(ip)}`}`,
      'request completed',
    );
  }
}

/**
 * Writes the line pino writes for `request.log.info({...fields}, msg)` —
 * the server logger's pid and hostname, the request id, then `fields`
 * (`,"name":<JSON>…`, in order) — whatever the log level, without pino's
 * per-call work (a child logger and a walk over the object): the access
 * line of every request and the audit line of every write are written so
 * (access-line.test.ts checks both against pino's).
 */
export function writeInfoLine(request: FastifyRequest, fields: string, msg: string): void {
  const log = request.server.log as Logger & PinoInternals;
  log[pino.symbols.streamSym].write(
    `{"level":30,"time":${Date.now()}${log[pino.symbols.chindingsSym]},"reqId":${JSON.stringify(request.id)}${fields},"msg":${JSON.stringify(msg)}}\n`,
  );
}

/** Fastify's `logger`, `logController` and `childLoggerFactory` options for a configuration; `stream` replaces standard output. */
export function logOptions(
  config: Pick<ServerConfig, 'logLevel' | 'accessLog'>,
  stream?: NodeJS.WritableStream,
): {
  logger: { level: string; stream?: pino.DestinationStream };
  logController: LogController;
  childLoggerFactory: (logger: Logger, bindings: Bindings, options: ChildOptions) => Logger;
} {
  const destination: pino.DestinationStream | undefined =
    stream ?? (config.logLevel === 'silent' ? undefined : stdout());
  return {
    logger: { level: config.logLevel, ...(destination ? { stream: destination } : {}) },
    logController: new OneLinePerRequest(config.accessLog),
    childLoggerFactory: (logger, bindings, options) =>
      new RequestLogger(logger, bindings, options) as unknown as Logger,
  };
}
