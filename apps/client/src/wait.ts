/**
 * `--wait <state>`: polls an entity until its state attribute (the
 * `occi.<kind>.state` of Infrastructure §3, Platform, SLA) has a value.
 */
import type { Entity } from '@occi/core';
import { CliError, EXIT } from './exit-codes.js';
import type { OcciClient } from './http-client.js';

export interface WaitOptions {
  /** Give up after this many milliseconds. Default 300 000 (5 minutes). */
  timeoutMs?: number;
  /** Between two polls, in milliseconds. Default 500. */
  intervalMs?: number;
  /** The attribute to watch; default the `*.state` attribute of the entity's kind. */
  attribute?: string;
  /** Called after every poll (progress display). */
  onPoll?: (entity: Entity, state: string | undefined, elapsedMs: number) => void;
}

/** The entity did not reach the state in time, or entered `error` instead. */
export class WaitTimeoutError extends CliError {
  readonly entity: Entity | undefined;
  constructor(message: string, entity?: Entity) {
    super(EXIT.timeout, message);
    this.entity = entity;
  }
}

/** The state attribute of an entity: the first attribute its kind or mixins define whose name ends in `.state`. */
export async function stateAttributeOf(client: OcciClient, entity: Entity): Promise<string | undefined> {
  const model = await client.discover();
  const defined = model.kind(entity.kind) ? [...model.attributes(entity.kind, entity.mixins).keys()] : [];
  const names = [...defined, ...Object.keys(entity.attributes)];
  return names.find((n) => n.endsWith('.state'));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitForState(
  client: OcciClient,
  location: string,
  state: string,
  options: WaitOptions = {},
): Promise<Entity> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const intervalMs = options.intervalMs ?? 500;
  const started = Date.now();
  let attribute = options.attribute;
  for (;;) {
    const entity = await client.get(location);
    attribute ??= await stateAttributeOf(client, entity);
    if (attribute === undefined)
      throw new CliError(
        EXIT.usage,
        `${location} (${entity.kind}) has no state attribute to wait on; name one with --wait-attribute`,
      );
    const value = entity.attributes[attribute];
    const current =
      typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
    const elapsed = Date.now() - started;
    options.onPoll?.(entity, current, elapsed);
    if (current === state) return entity;
    if (current === 'error' && state !== 'error') {
      const message = entity.attributes[`${attribute}.message`];
      throw new WaitTimeoutError(
        `${location} entered state error while waiting for ${state}${typeof message === 'string' ? `: ${message}` : ''}`,
        entity,
      );
    }
    if (elapsed + intervalMs > timeoutMs)
      throw new WaitTimeoutError(
        `timed out after ${Math.round(elapsed / 100) / 10} s waiting for ${location} to be ${state} (${attribute} is ${current ?? 'unset'})`,
        entity,
      );
    await sleep(intervalMs);
  }
}
