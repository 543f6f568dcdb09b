/** How a check ends other than passing: `Fail` (with the exchange that shows it) or `Skip` (with why). */
import { describeExchange, type WireResponse } from './wire.js';

export class Fail extends Error {
  override readonly name = 'Fail';
  constructor(
    message: string,
    readonly evidence?: string,
    /** The status of the response that shows it, if one does. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Whether an error is a failure whose response was a client error (4xx): a refusal. */
export function isRefusal(error: unknown): error is Fail {
  return error instanceof Fail && error.status !== undefined && error.status >= 400 && error.status < 500;
}

export class Skip extends Error {
  override readonly name = 'Skip';
}

export function fail(message: string, response?: WireResponse): never {
  throw new Fail(message, response ? describeExchange(response) : undefined, response?.status);
}

export function skip(message: string): never {
  throw new Skip(message);
}

/** Fails with `message` unless `condition` holds. */
export function expect(condition: unknown, message: string, response?: WireResponse): asserts condition {
  if (!condition) fail(message, response);
}

/** The status line of a response, for messages: `GET /-/ answered 404`. */
export function answered(response: WireResponse): string {
  return `${response.method} ${response.path} answered ${response.status}`;
}

/** Fails unless the response has one of the statuses. */
export function expectStatus(response: WireResponse, statuses: readonly number[], what: string): void {
  if (!statuses.includes(response.status))
    fail(
      `${what}: expected ${statuses.join(' or ')}, ${answered(response)}${serverSays(response)}`,
      response,
    );
}

/** The first line of the body of an error response, if short, to quote the server. */
export function serverSays(response: WireResponse): string {
  if (response.status < 400) return '';
  const line = response.body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && l !== 'OK');
  if (!line) return '';
  return ` (${line.length > 160 ? `${line.slice(0, 157)}…` : line})`;
}

/** Runs `f`; a `Fail` becomes a `Skip` with `why` — for what a check needs first, not what it checks. */
export async function needing<T>(why: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (error) {
    if (error instanceof Fail) skip(`${why}: ${error.message}`);
    throw error;
  }
}
