/**
 * The Compute actions (Infrastructure §3.1, table 3) on a container. They
 * run inside the reference provider's action dispatch, after its state
 * machine allowed the action: an engine failure leaves the compute in
 * `error` with the engine's message; an unreachable engine (503) or a
 * refusal (4xx) leaves it unchanged.
 */
import type { ActionContext, ActionHandler, ActionOutcome, Behaviour } from '@occi/core';
import { conflict } from '@occi/core';
import {
  COMPUTE_RESTART_ACTION,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  COMPUTE_SUSPEND_ACTION,
} from '@occi/infrastructure';
import type { ContainerState } from '../container.js';
import { type EngineClient, isEngineError } from '../engine-client.js';

export interface ComputeActionOptions {
  engine: EngineClient;
  /** The container name of the compute at a location. */
  containerName(location: string): string;
  /** Seconds a graceful stop or restart waits before killing. */
  stopTimeoutSeconds: number;
  /** Commits the compute's container to a new image and answers its OS template (`save`). */
  save(context: ActionContext): Promise<ActionOutcome>;
}

/** Runs an engine step; an engine failure (5xx) becomes a plain error, which the reference provider records as `error`. */
export function engineStep(
  step: (context: ActionContext) => Promise<ActionOutcome | undefined>,
): ActionHandler {
  return async (context) => {
    try {
      return await step(context);
    } catch (error) {
      if (isEngineError(error) && error.kind === 'internal')
        throw new Error(error.engineMessage || error.message);
      throw error;
    }
  };
}

/** The handlers of the Compute actions; Infrastructure's state machine decides first whether they apply. */
export function computeActions(options: ComputeActionOptions): NonNullable<Behaviour['actions']> {
  const { engine } = options;
  const name = (context: ActionContext) => options.containerName(context.entity.location ?? '');
  const path = (context: ActionContext, action: string) =>
    `/containers/${encodeURIComponent(name(context))}/${action}`;
  const inspect = (context: ActionContext) =>
    engine.request<{ State: ContainerState }>(
      'GET',
      `/containers/${encodeURIComponent(name(context))}/json`,
      {
        doing: `inspect container ${name(context)}`,
      },
    );
  const post = (context: ActionContext, action: string, query?: Record<string, string | number>) =>
    engine.request('POST', path(context, action), {
      ...(query ? { query } : {}),
      doing: `${action} container ${name(context)}`,
    });

  /** Waits until the container no longer runs; refuses (409) when it still does after `seconds`. */
  const stopped = async (context: ActionContext, seconds: number, signal: string) => {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const { State } = await inspect(context);
      if (!State.Running) return;
      if (Date.now() > deadline)
        throw conflict(
          'action-failed',
          `${context.entity.location} still runs ${seconds} s after ${signal}: its main process ignores the signal (stop it with method=poweroff)`,
          { location: context.entity.location },
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const start = engineStep(async (context) => {
    // The reference provider observed the container just before (at most its
    // observation interval ago): a suspended compute is a paused container,
    // which start resumes; any other is started (the engine answers a
    // running one with 304).
    const suspended = context.entity.attributes['occi.compute.state'] === 'suspended';
    try {
      await post(context, suspended ? 'unpause' : 'start');
    } catch (error) {
      if (!isEngineError(error) || isEngineError(error, 404)) throw error;
      // Refused: the container changed since it was observed (paused or resumed outside OCCI).
      const { State } = await inspect(context);
      if (State.Paused || State.Status === 'paused') await post(context, 'unpause');
      else if (!State.Running) await post(context, 'start');
    }
    return undefined;
  });

  const stop = engineStep(async (context) => {
    const method = context.parameters.method ?? 'poweroff';
    if (method === 'graceful') {
      await post(context, 'stop', { t: options.stopTimeoutSeconds });
    } else if (method === 'acpioff') {
      await post(context, 'kill', { signal: 'SIGTERM' });
      await stopped(context, options.stopTimeoutSeconds, 'SIGTERM (method=acpioff)');
    } else {
      await post(context, 'kill', { signal: 'SIGKILL' });
      await stopped(context, options.stopTimeoutSeconds, 'SIGKILL');
    }
    return undefined;
  });

  const restart = engineStep(async (context) => {
    const method = context.parameters.method;
    if (method === 'cold') {
      await post(context, 'kill', { signal: 'SIGKILL' });
      await stopped(context, options.stopTimeoutSeconds, 'SIGKILL');
      await post(context, 'start');
    } else {
      // graceful waits for the process to end; warm gives it one second.
      await post(context, 'restart', { t: method === 'warm' ? 1 : options.stopTimeoutSeconds });
    }
    return undefined;
  });

  const suspend = engineStep(async (context) => {
    // Both methods (hibernate, suspend) freeze the container's processes in memory.
    await post(context, 'pause');
    return undefined;
  });

  const save = engineStep((context) => options.save(context));

  return {
    [COMPUTE_START_ACTION]: start,
    [COMPUTE_STOP_ACTION]: stop,
    [COMPUTE_RESTART_ACTION]: restart,
    [COMPUTE_SUSPEND_ACTION]: suspend,
    [COMPUTE_SAVE_ACTION]: save,
  };
}
