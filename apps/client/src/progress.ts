/** `--wait`: polls with a progress line on a terminal (stderr), silently otherwise. */
import type { Entity } from '@occi/core';
import type { Command } from 'commander';
import type { Context } from './context.js';
import { usageError } from './exit-codes.js';
import type { OcciClient } from './http-client.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Adds `--wait <state>`, `--wait-timeout <s>`, `--wait-attribute <name>` to a command. */
export function waitOptions(command: Command): Command {
  return command
    .option('-w, --wait <state>', 'poll until the entity reaches this state (e.g. active)')
    .option('--wait-timeout <seconds>', 'give up waiting after this long (exit code 8)', '300')
    .option('--wait-attribute <name>', "the attribute to watch (default: the kind's *.state attribute)");
}

export async function waitWithProgress(
  ctx: Context,
  client: OcciClient,
  location: string,
  options: Record<string, unknown>,
): Promise<Entity> {
  const state = options.wait as string;
  const seconds = Number(options.waitTimeout ?? 300);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw usageError(`--wait-timeout "${String(options.waitTimeout)}" must be a positive number of seconds`);
  const { waitForState } = await import('./wait.js');
  const interactive = ctx.interactive;
  let frame = 0;
  const clear = () => {
    if (interactive) ctx.warn('\r\x1b[2K');
  };
  try {
    const entity = await waitForState(client, location, state, {
      timeoutMs: seconds * 1000,
      intervalMs: Number(ctx.streams.env.OCCI_WAIT_INTERVAL_MS) || 500,
      ...(typeof options.waitAttribute === 'string' ? { attribute: options.waitAttribute } : {}),
      onPoll: (_entity, current, elapsed) => {
        if (!interactive) return;
        frame = (frame + 1) % FRAMES.length;
        ctx.warn(
          `\r\x1b[2K${FRAMES[frame]} waiting for ${location}: ${current ?? 'unset'} → ${state} (${Math.floor(elapsed / 1000)} s)`,
        );
      },
    });
    clear();
    return entity;
  } catch (error) {
    clear();
    throw error;
  }
}
