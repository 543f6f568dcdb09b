/**
 * The server's log: pino's JSON lines, by default on standard output
 * through one asynchronous, buffered destination per process (the event
 * loop never waits for a write; lines are written in batches), flushed
 * when a server closes and synchronously before the process exits on a
 * fatal error. One line per completed request (the access log) unless
 * `--no-access-log`; failed requests are logged whatever the option says.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino from 'pino';
import type { ServerConfig } from './config.js';

/** Lines are written once this many bytes are buffered, or after `FLUSH_MS` at the latest. */
const MIN_WRITE = 4096;
const FLUSH_MS = 100;

type Destination = ReturnType<typeof pino.destination>;

let stdoutDestination: Destination | undefined;

/** Standard output as a buffered asynchronous destination, one per process (pino flushes it on exit). */
function stdout(): Destination {
  stdoutDestination ??= pino.destination({
    dest: 1,
    sync: false,
    minLength: MIN_WRITE,
    // A quiet server's lines wait at most about this long (an unref'd timer).
    periodicFlush: FLUSH_MS,
  });
  return stdoutDestination;
}

/** Writes what the log holds before the process dies (uncaught exceptions, fatal signals). */
export function flushLogSync(): void {
  try {
    stdoutDestination?.flushSync();
  } catch {
    // Standard output closed, or not open yet: nothing more can be done synchronously.
  }
}

/** Writes what the log holds, without blocking the event loop (a server's close). */
export async function flushLog(): Promise<void> {
  const destination = stdoutDestination;
  if (!destination) return;
  // A flush asked for during a write waits for that write; the second writes what was buffered meanwhile.
  // A reader that stopped reading does not hold the close up for more than a second.
  for (let i = 0; i < 2; i++)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000).unref();
      destination.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    });
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
    const line = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 1000) / 1000,
      user: request.occiCaller?.user ?? null,
      ip: request.ip,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/** Fastify's `logger` and `logController` options for a configuration; `stream` replaces standard output. */
export function logOptions(
  config: Pick<ServerConfig, 'logLevel' | 'accessLog'>,
  stream?: NodeJS.WritableStream,
): { logger: { level: string; stream?: pino.DestinationStream }; logController: LogController } {
  const destination: pino.DestinationStream | undefined =
    stream ?? (config.logLevel === 'silent' ? undefined : stdout());
  return {
    logger: { level: config.logLevel, ...(destination ? { stream: destination } : {}) },
    logController: new OneLinePerRequest(config.accessLog),
  };
}
