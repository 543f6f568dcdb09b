/** How command files plug into the program: `register(program, act)`. */
import type { Command } from 'commander';
import type { Context } from './context.js';

/** A command's work: positional arguments, its own options; may return an exit code. */
export type Handler = (
  ctx: Context,
  args: string[],
  options: Record<string, unknown>,
) => Promise<number | undefined>;

/** Wraps a handler as a commander action (it builds the Context from the global options). */
export type Act = (handler: Handler) => (...params: unknown[]) => Promise<void>;

export type Register = (program: Command, act: Act) => void;

/** The help footer every command carries: an example (or several). */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
