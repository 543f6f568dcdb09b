/**
 * Checks made from a document's tables (Infrastructure, Platform, SLA):
 * for each kind or mixin — that the server has it, its parent or what it
 * applies to, each attribute (defined, mutability, type) and each action;
 * for each kind, an instance of it; for each state machine, every
 * transition of the figure.
 */
import type { AddOptions } from '../define.js';
import { ENTITY } from '../discovery.js';
import type { AttrSpec, CategorySpec } from '../documents.js';
import type { CreateOptions } from '../fixtures.js';
import { answered, expect, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { act, inState, invoke, type Machine, stateOf, waitFor } from '../states.js';
import type { Level } from '../types.js';
import { problems } from './support.js';

export type Add = (
  section: string,
  level: Level,
  name: string,
  title: string,
  run: (p: Probe) => Promise<unknown>,
  options?: AddOptions,
) => void;

/** `occi.compute.state.message` → `state-message`. */
export function short(name: string): string {
  return name.replace(/^occi\.[a-z_]+\./, '').replace(/\./g, '-');
}

export interface SpecOptions {
  cls: 'kind' | 'mixin';
  /** What the document says of offering it. */
  presence: Level;
  /** Skips when the server does not implement the document at all. */
  gate?: (p: Probe) => Promise<void>;
}

/** The category as discovery has it; skips (or fails, for a MUST) when absent. */
async function present(p: Probe, s: CategorySpec, o: SpecOptions) {
  await o.gate?.(p);
  const model = await p.model();
  const c = model.get(s.id);
  if (!c) skip(`the server offers no ${s.term} ${o.cls} (${s.id})`);
  return { model, c };
}

function attributeChecks(add: Add, s: CategorySpec, a: AttrSpec, o: SpecOptions) {
  const n = `${s.term}-${short(a.name)}`;
  add(s.section, 'MUST', n, `the ${s.term} ${o.cls} defines ${a.name} (${a.type})`, async (p) => {
    const { model } = await present(p, s, o);
    const defs = o.cls === 'kind' ? model.attributesOf(s.id) : model.attributesOf(ENTITY, [s.id]);
    expect(defs.has(a.name), `${s.id} does not define ${a.name}`);
  });
  add(
    s.section,
    'MUST',
    `${n}-mutability`,
    `${a.name} is ${a.mutable ? 'mutable' : 'immutable'} to clients`,
    async (p) => {
      const { model } = await present(p, s, o);
      const d = (o.cls === 'kind' ? model.attributesOf(s.id) : model.attributesOf(ENTITY, [s.id])).get(
        a.name,
      );
      if (!d) skip(`${s.id} does not define ${a.name}`);
      expect(d.mutable === a.mutable, `${a.name} is ${d.mutable ? 'mutable' : 'immutable'}`);
    },
  );
  add(
    s.section,
    'MUST',
    `${n}-type`,
    `${a.name} is of type ${a.json}${a.enum ? ` with the values ${a.enum.join(', ')}` : ''} in JSON discovery`,
    async (p) => {
      const { model } = await present(p, s, o);
      if (!model.typed) skip('attribute types travel in JSON discovery only');
      const d = (o.cls === 'kind' ? model.attributesOf(s.id) : model.attributesOf(ENTITY, [s.id])).get(
        a.name,
      );
      if (!d) skip(`${s.id} does not define ${a.name}`);
      expect((d.type ?? 'string') === a.json, `type ${d.type ?? '(none: string)'}`);
      const values = (d.pattern as { enum?: unknown[] } | undefined)?.enum;
      if (a.enum && Array.isArray(values))
        expect(
          JSON.stringify([...values].sort()) === JSON.stringify([...a.enum].sort()),
          `values ${values.join(', ')}`,
        );
    },
  );
}

export function specChecks(add: Add, s: CategorySpec, o: SpecOptions): void {
  add(s.section, o.presence, s.term, `the server offers the ${s.term} ${o.cls} (${s.id})`, async (p) => {
    await o.gate?.(p);
    const c = (await p.model()).get(s.id);
    if (!c && o.presence !== 'MUST') skip(`the server does not offer ${s.id} (${o.presence})`);
    expect(c?.class === o.cls, c ? `${s.id} is a ${c.class}` : `no ${s.id} in discovery`);
  });
  if (o.cls === 'kind' && s.parent)
    add(s.section, 'MUST', `${s.term}-parent`, `the ${s.term} kind has the parent ${s.parent}`, async (p) => {
      const { c } = await present(p, s, o);
      expect(c.parent === s.parent, `parent ${c.parent ?? '(none)'}`);
    });
  if (o.cls === 'mixin' && s.applies)
    add(
      s.section,
      'MUST',
      `${s.term}-applies`,
      `the ${s.term} mixin applies to ${s.applies.join(', ')}`,
      async (p) => {
        const { c, model } = await present(p, s, o);
        if (!model.typed) skip('applies travels in JSON discovery only');
        const missing = s.applies!.filter((k) => !(c.applies ?? []).includes(k));
        expect(missing.length === 0, `applies ${(c.applies ?? []).join(' ') || '(nothing)'}`);
      },
    );
  for (const a of s.attributes) attributeChecks(add, s, a, o);
  for (const action of s.actions) {
    const id = `${s.actionScheme}${action.term}`;
    add(
      s.section,
      'MUST',
      `${s.term}-${action.term}`,
      `the ${s.term} kind defines the action ${id}`,
      async (p) => {
        const { c, model } = await present(p, s, o);
        expect(c.actions.includes(id), `${s.term} lists no ${id}`);
        expect(model.action(id), `discovery has no action ${id}`);
      },
    );
    if (action.params?.length)
      add(
        s.section,
        'MUST',
        `${s.term}-${action.term}-parameters`,
        `the action ${action.term} defines its parameters ${action.params.join(', ')}`,
        async (p) => {
          const { model } = await present(p, s, o);
          const a = model.action(id);
          if (!a) skip(`discovery has no action ${id}`);
          const missing = action.params!.filter((x) => !a.attributes.has(x));
          expect(missing.length === 0, `parameters missing: ${missing.join(', ')}`);
        },
      );
  }
}

export interface InstanceOptions extends SpecOptions {
  /** Creates (or finds) the instance to look at. */
  instance: (p: Probe) => Promise<{ location: string; mixins?: readonly string[] }>;
  /** Its state machine: the initial state is checked too. */
  machine?: Machine;
  /** Attributes the instance was created with, which it exposes too. */
  given?: readonly string[];
}

export function instanceChecks(add: Add, s: CategorySpec, o: InstanceOptions): void {
  const W = { writes: true };
  const read = async (p: Probe) => {
    await present(p, s, o);
    const c = await o.instance(p);
    return { c, ...(await p.fx.read(c.location)) };
  };
  const what = o.cls === 'kind' ? `an instance of ${s.term}` : `an entity with the ${s.term} mixin`;
  add(
    s.section,
    'MUST',
    `${s.term}-instance`,
    `${what} exposes ${o.cls === 'kind' ? 'the kind' : 'the mixin'}`,
    async (p) => {
      const { entity } = await read(p);
      const has = o.cls === 'kind' ? entity.kind === s.id : entity.mixins.includes(s.id);
      expect(
        has,
        `${o.cls === 'kind' ? `kind ${entity.kind}` : `mixins ${entity.mixins.join(' ') || 'none'}`}, not ${s.id}`,
      );
    },
    W,
  );
  const ones = [...new Set([...s.attributes.filter((a) => a.one).map((a) => a.name), ...(o.given ?? [])])];
  if (ones.length)
    add(
      s.section,
      'MUST',
      `${s.term}-instance-attributes`,
      `${what} exposes ${ones.join(', ')} (multiplicity 1${o.given?.length ? ', or given at creation' : ''})`,
      async (p) => {
        const { entity } = await read(p);
        const missing = ones.filter((a) => !(a in entity.attributes));
        expect(missing.length === 0, `not exposed: ${missing.join(', ')}`);
      },
      W,
    );
  const enums = s.attributes.filter((a) => a.enum);
  if (enums.length)
    add(
      s.section,
      'MUST',
      `${s.term}-instance-values`,
      `${what} has values of the enumerations the document gives (${enums.map((a) => short(a.name)).join(', ')})`,
      async (p) => {
        const { entity } = await read(p);
        const bad = enums.filter(
          (a) => a.name in entity.attributes && !a.enum!.includes(String(entity.attributes[a.name])),
        );
        expect(
          bad.length === 0,
          problems(bad.map((a) => `${a.name}=${JSON.stringify(entity.attributes[a.name])}`)),
        );
      },
      W,
    );
  const m = o.machine;
  if (m)
    add(
      s.section,
      'SHOULD',
      `${s.term}-initial-state`,
      `a new ${s.term} is in the initial state of the document's state diagram (${m.initial})`,
      async (p) => {
        const { entity } = await read(p);
        expect(
          entity.attributes[m.attribute] === m.initial,
          `${m.attribute} is ${JSON.stringify(entity.attributes[m.attribute])}`,
        );
      },
      W,
    );
}

/** Every transition of the figure, then an action the current state does not allow. */
/** `a` or `an`, as the word starts. */
const a = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

export interface TransitionOptions {
  gate?: (p: Probe) => Promise<void>;
  /** How the run creates an entity of the machine's kind (e.g. with a template the server needs). */
  create?: (p: Probe) => Promise<CreateOptions>;
  skipAction?: (p: Probe, action: string) => string | undefined;
  onResponse?: (p: Probe, action: string, r: Awaited<ReturnType<typeof invoke>>) => Promise<void>;
}

export function transitionChecks(add: Add, section: string, m: Machine, o: TransitionOptions): void {
  const W = { writes: true };
  const created = async (p: Probe) => (o.create ? { create: await o.create(p) } : {});
  for (const t of m.transitions)
    add(
      section,
      'MUST',
      `${m.name}-${t.action}-from-${t.from.toLowerCase()}`,
      `${t.action} on ${a(t.from)} ${m.name} answers 200 OK and the ${m.name} reaches ${t.to}`,
      async (p) => {
        await o.gate?.(p);
        const why = o.skipAction?.(p, t.action);
        if (why) skip(why);
        const c = await inState(p, m, t.from, await created(p));
        const response = await act(p, c.location, m, t.action);
        await o.onResponse?.(p, t.action, response);
        const ms = await waitFor(p, c.location, m, t.to);
        return `${t.from} → ${t.to} in ${ms} ms`;
      },
      W,
    );
  add(
    section,
    'SHOULD',
    `${m.name}-not-applicable`,
    `an action the current state does not allow is refused with 409 Conflict (or done without a change of state) and the ${m.name} stays as it was`,
    async (p) => {
      await o.gate?.(p);
      const from = m.initial;
      const action = m.transitions.find(
        (t) => !m.transitions.some((u) => u.from === from && u.action === t.action),
      )?.action;
      if (!action) skip(`every action applies to ${a(from)} ${m.name}`);
      const c = await inState(p, m, from, { key: 'not-applicable', ...(await created(p)) });
      const response = await invoke(p, c.location, m.actionScheme + action);
      if (response.status !== 409 && response.status !== 200)
        fail(
          `${action} on ${a(from)} ${m.name}: expected 409, ${answered(response)}${serverSays(response)}`,
          response,
        );
      const now = await stateOf(p, c.location, m);
      expect(now === from, `after ${action} the ${m.name} is ${now}, not ${from}`, response);
      return `${action}: ${response.status}`;
    },
    W,
  );
  add(
    section,
    'SHOULD',
    `${m.name}-applicable-actions`,
    `the rendering of ${a(m.initial)} ${m.name} lists the actions that apply in that state and no other of its kind`,
    async (p) => {
      await o.gate?.(p);
      const c = await inState(p, m, m.initial, { key: 'applicable', ...(await created(p)) });
      const { entity } = await p.fx.read(c.location);
      const allowed = new Set(
        m.transitions.filter((t) => t.from === m.initial).map((t) => m.actionScheme + t.action),
      );
      const mine = entity.actions.filter((a) => a.startsWith(m.actionScheme));
      const wrong = mine.filter((a) => !allowed.has(a));
      const missing = [...allowed].filter((a) => !mine.includes(a));
      expect(
        wrong.length + missing.length === 0,
        `listed but not applicable: ${wrong.join(' ') || 'none'}; applicable but not listed: ${missing.join(' ') || 'none'}`,
      );
    },
    W,
  );
}
