/**
 * The state machines of the documents' figures (Infrastructure §3.1–3.3,
 * Platform §3.1–3.2, SLA §3.1): which action leads from which state to
 * which; actions invoked as HTTP §8.4 says, and the target state awaited by
 * polling, within `--wait-timeout`.
 */
import type { Created, CreateOptions } from './fixtures.js';
import { actionMessage, type RenderingKey } from './messages.js';
import { answered, fail, needing, serverSays, skip } from './outcome.js';
import type { Probe } from './probe.js';
import type { WireResponse } from './wire.js';

export interface Transition {
  from: string;
  action: string;
  to: string;
}

export interface Machine {
  name: string;
  kind: string;
  attribute: string;
  initial: string;
  states: readonly string[];
  actionScheme: string;
  transitions: readonly Transition[];
  /** States no action leaves. */
  finals: readonly string[];
  /** The state a failure leads to, if the document has one. */
  error?: string;
}

const INFRA = 'http://schemas.ogf.org/occi/infrastructure';
const PLATFORM = 'http://schemas.ogf.org/occi/platform';
const t = (from: string, action: string, to: string): Transition => ({ from, action, to });

export const MACHINES = {
  compute: {
    name: 'compute',
    kind: `${INFRA}#compute`,
    attribute: 'occi.compute.state',
    initial: 'inactive',
    states: ['active', 'inactive', 'suspended', 'error'],
    actionScheme: `${INFRA}/compute/action#`,
    transitions: [
      t('inactive', 'start', 'active'),
      t('active', 'stop', 'inactive'),
      t('active', 'suspend', 'suspended'),
      t('suspended', 'start', 'active'),
      t('active', 'restart', 'active'),
      t('active', 'save', 'active'),
    ],
    finals: [],
    error: 'error',
  },
  storage: {
    name: 'storage',
    kind: `${INFRA}#storage`,
    attribute: 'occi.storage.state',
    initial: 'offline',
    states: ['online', 'offline', 'error'],
    actionScheme: `${INFRA}/storage/action#`,
    transitions: [t('offline', 'online', 'online'), t('online', 'offline', 'offline')],
    finals: [],
    error: 'error',
  },
  network: {
    name: 'network',
    kind: `${INFRA}#network`,
    attribute: 'occi.network.state',
    initial: 'inactive',
    states: ['active', 'inactive', 'error'],
    actionScheme: `${INFRA}/network/action#`,
    transitions: [t('inactive', 'up', 'active'), t('active', 'down', 'inactive')],
    finals: [],
    error: 'error',
  },
  application: {
    name: 'application',
    kind: `${PLATFORM}#application`,
    attribute: 'occi.app.state',
    initial: 'active',
    states: ['active', 'inactive', 'error'],
    actionScheme: `${PLATFORM}/application/action#`,
    transitions: [t('inactive', 'start', 'active'), t('active', 'stop', 'inactive')],
    finals: [],
    error: 'error',
  },
  component: {
    name: 'component',
    kind: `${PLATFORM}#component`,
    attribute: 'occi.component.state',
    initial: 'active',
    states: ['active', 'inactive', 'error'],
    actionScheme: `${PLATFORM}/component/action#`,
    transitions: [t('inactive', 'start', 'active'), t('active', 'stop', 'inactive')],
    finals: [],
    error: 'error',
  },
  agreement: {
    name: 'agreement',
    kind: 'http://schemas.ogf.org/occi/sla#agreement',
    attribute: 'occi.agreement.state',
    initial: 'Pending',
    states: ['Pending', 'Accepted', 'Rejected', 'Suspended', 'Terminated'],
    actionScheme: 'http://schemas.ogf.org/occi/sla#',
    transitions: [
      t('Pending', 'accept', 'Accepted'),
      t('Pending', 'reject', 'Rejected'),
      t('Accepted', 'suspend', 'Suspended'),
      t('Suspended', 'resume', 'Accepted'),
      t('Accepted', 'terminate', 'Terminated'),
      t('Suspended', 'terminate', 'Terminated'),
    ],
    finals: ['Rejected', 'Terminated'],
  },
} as const satisfies Record<string, Machine>;

export type MachineName = keyof typeof MACHINES;

/** POST `<location>?action=<term>` with an action invocation (HTTP §8.4, §9.4). */
export async function invoke(
  p: Probe,
  location: string,
  actionId: string,
  parameters: Record<string, unknown> = {},
  r?: RenderingKey,
): Promise<WireResponse> {
  const rendering = r ?? (await p.rendering());
  const term = actionId.slice(actionId.lastIndexOf('#') + 1);
  const sep = location.includes('?') ? '&' : '?';
  return p.wire.send({
    method: 'POST',
    path: `${location}${sep}action=${encodeURIComponent(term)}`,
    ...actionMessage(rendering, actionId, parameters),
  });
}

/** The state attribute of the entity now. */
export async function stateOf(p: Probe, location: string, machine: Machine): Promise<string | undefined> {
  const { entity } = await p.fx.read(location);
  const v = entity.attributes[machine.attribute];
  return typeof v === 'string' ? v : undefined;
}

/** Polls until the entity's state is `target`; fails on the error state or after `--wait-timeout`. */
export async function waitFor(p: Probe, location: string, machine: Machine, target: string): Promise<number> {
  const started = Date.now();
  let interval = 100;
  let last: string | undefined;
  for (;;) {
    last = await stateOf(p, location, machine);
    if (last === target) return Date.now() - started;
    if (machine.error !== undefined && last === machine.error && target !== machine.error) {
      const { entity } = await p.fx.read(location);
      const why = entity.attributes[`${machine.attribute}.message`];
      fail(`${location} entered ${last}${typeof why === 'string' ? `: ${why}` : ''} instead of ${target}`);
    }
    if (Date.now() - started > p.options.waitTimeoutMs)
      fail(
        `${location} did not reach ${target} within ${p.options.waitTimeoutMs / 1000} s (--wait-timeout); it is ${last ?? 'without a state'}`,
      );
    await p.sleep(interval);
    interval = Math.min(interval * 2, 1000);
  }
}

/** Invokes the action and fails unless the server answered 200 (HTTP §8.4). */
export async function act(p: Probe, location: string, machine: Machine, term: string): Promise<WireResponse> {
  const response = await invoke(p, location, machine.actionScheme + term);
  if (response.status !== 200) fail(`${term}: ${answered(response)}${serverSays(response)}`, response);
  return response;
}

/** The actions leading from `from` to `to`, shortest first; undefined when none does. */
function path(machine: Machine, from: string, to: string): Transition[] | undefined {
  const queue: { state: string; steps: Transition[] }[] = [{ state: from, steps: [] }];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const { state, steps } = queue.shift()!;
    if (state === to) return steps;
    for (const tr of machine.transitions)
      if (tr.from === state && tr.from !== tr.to && !seen.has(tr.to)) {
        seen.add(tr.to);
        queue.push({ state: tr.to, steps: [...steps, tr] });
      }
  }
  return undefined;
}

const machineEntities = new WeakMap<Probe, Map<string, Created>>();

/**
 * The run's entity for a state-machine check (one per machine and key),
 * brought to `state` through the document's transitions — a new one when
 * the current one is in a final state. What goes wrong on the way skips.
 */
export async function inState(
  p: Probe,
  machine: Machine,
  state: string,
  options: { key?: string; create?: CreateOptions } = {},
): Promise<Created> {
  p.needWrites();
  await p.need(machine.kind, `${machine.name} kind`);
  const map = machineEntities.get(p) ?? new Map<string, Created>();
  machineEntities.set(p, map);
  const key = `${machine.name}:${options.key ?? 'states'}`;
  return needing(`bringing a ${machine.name} of the run to ${state} failed`, async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      let entity = map.get(key);
      if (!entity) {
        entity = await p.fx.create(machine.kind, { summary: `${machine.name} states`, ...options.create });
        map.set(key, entity);
      }
      const now = await stateOf(p, entity.location, machine);
      if (now === undefined) fail(`${entity.location} has no ${machine.attribute}`);
      const steps = path(machine, now, state);
      if (!steps) {
        map.delete(key);
        continue;
      }
      for (const step of steps) {
        await act(p, entity.location, machine, step.action);
        await waitFor(p, entity.location, machine, step.to);
      }
      return entity;
    }
    skip(`no transition of the document leads a new ${machine.name} to ${state}`);
  });
}
