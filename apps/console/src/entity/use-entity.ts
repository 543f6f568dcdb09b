/**
 * An entity as the server has it now (HTTP §8.1), and its live state while
 * an action runs: `watch` polls the entity — each GET revalidated with its
 * ETag, so an unchanged entity costs a 304 — until its state attribute
 * (`occi.compute.state`…) has left the value it had before the action and
 * stays put (or, for an action that keeps the state, until nothing has
 * changed for five reads), or until a minute has passed.
 */
import type { Entity } from '@occi/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useSession } from '../api/session.js';

export type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; entity: Entity }
  | { state: 'failed'; message: string; status?: number };

const POLL_MS = 1000;
const WATCH_MS = 60_000;
const STEADY_TICKS = 5;

export function useEntity(location: string) {
  const { client } = useSession();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [watching, setWatching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const current = useRef(location);
  current.current = location;

  const reload = useCallback(async () => {
    try {
      const entity = await client.get(location);
      if (current.current === location) setLoaded({ state: 'ready', entity });
      return entity;
    } catch (error) {
      const report = reportOf(error);
      if (current.current === location)
        setLoaded({ state: 'failed', message: report.message, status: report.status });
      return undefined;
    }
  }, [client, location]);

  useEffect(() => {
    setLoaded({ state: 'loading' });
    reload();
    return () => clearTimeout(timer.current);
  }, [reload]);

  /**
   * Follows the entity after an action: `before` is the state attribute's
   * value before it; `onChange` hears each new value. Resolves with the
   * settled entity (or the last one read when time ran out).
   */
  const watch = useCallback(
    (stateName: string | undefined, before: unknown, onChange: (value: unknown) => void) =>
      new Promise<Entity | undefined>((resolve) => {
        clearTimeout(timer.current);
        setWatching(true);
        const started = Date.now();
        let last: { version?: string; value: unknown } | undefined;
        let steadyTicks = 0;
        const finish = (entity: Entity | undefined) => {
          setWatching(false);
          resolve(entity);
        };
        const tick = async () => {
          const entity = await reload();
          if (!entity || current.current !== location) return finish(entity);
          const value = stateName ? entity.attributes[stateName] : undefined;
          if (last?.value !== value) onChange(value);
          const steady = last !== undefined && last.version === entity.version && last.value === value;
          steadyTicks = steady ? steadyTicks + 1 : 0;
          const left = value !== before;
          // Settled: the state moved and held; or it never moved and nothing changed for STEADY_TICKS reads (a restart).
          if (
            !stateName ||
            (left && steady) ||
            steadyTicks >= STEADY_TICKS ||
            Date.now() - started > WATCH_MS
          )
            return finish(entity);
          last = { version: entity.version, value };
          timer.current = setTimeout(tick, POLL_MS);
        };
        tick();
      }),
    [reload, location],
  );

  return {
    loaded,
    reload,
    watch,
    watching,
    setEntity: (entity: Entity) => setLoaded({ state: 'ready', entity }),
  };
}
