/**
 * The backend seam: the hooks of a behaviour (create, update, delete,
 * observe), the catalogue and the start of a backend, as the reference
 * provider runs them around its commits. The backend here keeps its
 * "objects" in a Map, so that what the provider asked of it can be checked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  type Caller,
  createReferenceProvider,
  type EntityDraft,
  type Extension,
  isOcciError,
  MemoryStore,
  type Mixin,
  Model,
  OcciError,
  type ReferenceProvider,
} from '../src/index.js';
import { BOOT, exampleExtension, MACHINE, TAG, WIRE } from './fixtures/example-extension.js';

const alice: Caller = { user: 'alice' };

/** The backend's objects by location, and what it was asked, in order. */
interface Engine {
  objects: Map<string, { state: string; cores: unknown }>;
  calls: string[];
  refuse?: (what: string) => OcciError | Error | undefined;
}

function backend(engine: Engine, catalogue?: { mixins: Mixin[] }): Extension {
  const step = (what: string) => {
    engine.calls.push(what);
    const refusal = engine.refuse?.(what);
    if (refusal) throw refusal;
  };
  const machine: Behaviour = {
    category: MACHINE,
    create(entity) {
      step(`create ${entity.location} links=${(entity.links ?? []).length}`);
      engine.objects.set(entity.location!, { state: 'off', cores: entity.attributes['com.example.cores'] });
      entity.attributes['com.example.name'] = `${entity.attributes['com.example.name']} (made)`;
    },
    update(entity, previous) {
      step(
        `update ${entity.location} cores ${previous.attributes['com.example.cores']}->${entity.attributes['com.example.cores']}`,
      );
      engine.objects.get(entity.location!)!.cores = entity.attributes['com.example.cores'];
    },
    delete(entity, context) {
      step(`delete ${entity.location}${context.deleting.has(entity.location!) ? '' : ' (undo)'}`);
      engine.objects.delete(entity.location!);
    },
    observe(entity) {
      engine.calls.push(`observe ${entity.location}`);
      const object = engine.objects.get(entity.location!);
      if (!object) return { gone: 'its object was removed outside OCCI' };
      return { attributes: { 'com.example.state': object.state } };
    },
    actions: {
      [BOOT]: (context) => {
        step(`boot ${context.entity.location}`);
        engine.objects.get(context.entity.location!)!.state = 'on';
        return undefined;
      },
    },
  };
  const wire: Behaviour = {
    category: WIRE,
    create(entity) {
      step(`create ${entity.location} from ${entity.source?.location}`);
    },
    delete(entity) {
      step(`delete ${entity.location}`);
    },
  };
  const extension: Extension = { name: 'fake-backend', behaviours: [machine, wire] };
  if (catalogue) {
    let refreshed = 0;
    extension.catalogue = {
      mixins: () => catalogue.mixins,
      refresh: async () => {
        refreshed++;
        engine.calls.push(`refresh ${refreshed}`);
      },
    };
  }
  return extension;
}

async function rejection(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (isOcciError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

let engine: Engine;
let store: MemoryStore;
let provider: ReferenceProvider;
const machine = (name: string, extra: Partial<EntityDraft> = {}) =>
  provider.create(alice, { kind: MACHINE, attributes: { 'com.example.name': name }, ...extra });

beforeEach(() => {
  engine = { objects: new Map(), calls: [] };
  store = new MemoryStore();
  provider = createReferenceProvider({
    model: Model.create([exampleExtension, backend(engine)]),
    store,
    observeIntervalMs: 0,
  });
});

describe('create', () => {
  it('runs after validation and before the commit; values the backend fills in are kept', async () => {
    const refused = await rejection(provider.create(alice, { kind: MACHINE, attributes: {} }));
    expect(refused.kind).toBe('bad-request');
    expect(engine.calls).toEqual([]);

    const m = await machine('m1');
    expect(engine.calls).toEqual([`create ${m.location} links=0`]);
    expect(m.attributes['com.example.name']).toBe('m1 (made)');
    expect((await store.get(m.location!))?.entity.attributes['com.example.name']).toBe('m1 (made)');
    // The document's behaviour still runs: the initial state of its state machine.
    expect(m.attributes['com.example.state']).toBe('off');
  });

  it('sees the inline links created with a resource, then creates each link, source first', async () => {
    const target = await machine('target');
    engine.calls = [];
    const m = await machine('m2', { links: [{ kind: WIRE, target: { location: target.location! } }] });
    const link = m.links![0]!;
    expect(engine.calls).toEqual([
      `create ${m.location} links=1`,
      `create ${link.location} from ${m.location}`,
    ]);
  });

  it('is undone when a later hook refuses, and nothing is stored', async () => {
    const target = await machine('target');
    engine.refuse = (what) =>
      what.startsWith('create /wire/')
        ? new OcciError('conflict', { code: 'other', message: 'no free port' })
        : undefined;
    engine.calls = [];
    const error = await rejection(
      machine('m3', { links: [{ kind: WIRE, target: { location: target.location! } }] }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('no free port');
    const made = engine.calls[0]!.split(' ')[1]!;
    const wire = engine.calls[1]!.split(' ')[1]!;
    // The hook that refused is undone too (it may have done part of its work), then the earlier ones.
    expect(engine.calls).toEqual([
      `create ${made} links=1`,
      `create ${wire} from ${made}`,
      `delete ${wire}`,
      `delete ${made} (undo)`,
    ]);
    expect(engine.objects.has(made)).toBe(false);
    expect(await store.get(made)).toBeUndefined();
  });

  it('is undone when the commit fails (the id is taken)', async () => {
    await provider.create(alice, {
      kind: MACHINE,
      id: 'urn:uuid:6df6c4e0-0000-4000-8000-000000000001',
      attributes: { 'com.example.name': 'a' },
    });
    engine.calls = [];
    const error = await rejection(
      provider.put(alice, '/machine/other', {
        kind: MACHINE,
        id: 'urn:uuid:6df6c4e0-0000-4000-8000-000000000001',
        attributes: { 'com.example.name': 'b' },
      }),
    );
    expect(error.kind).toBe('conflict');
    expect(engine.calls).toEqual(['create /machine/other links=0', 'delete /machine/other (undo)']);
    expect(engine.objects.has('/machine/other')).toBe(false);
  });

  it('answers 500 for a backend failure that is no refusal, and stores nothing', async () => {
    engine.refuse = (what) => (what.startsWith('create') ? new Error('disk full') : undefined);
    await expect(machine('m4')).rejects.toThrow('disk full');
    expect(await store.query({})).toEqual([]);
  });
});

describe('update', () => {
  it('carries out a change before the commit; a refusal keeps the old values', async () => {
    const m = await machine('m');
    engine.calls = [];
    await provider.update(alice, m.location!, { attributes: { 'com.example.cores': 4 } });
    expect(engine.calls).toEqual([`update ${m.location} cores 1->4`]);
    expect(engine.objects.get(m.location!)?.cores).toBe(4);

    engine.refuse = (what) =>
      what.startsWith('update')
        ? new OcciError('conflict', { code: 'other', message: 'cannot resize a running machine' })
        : undefined;
    const error = await rejection(
      provider.update(alice, m.location!, { attributes: { 'com.example.cores': 8 } }),
    );
    expect(error.message).toBe('cannot resize a running machine');
    expect((await provider.get(alice, m.location!)).attributes['com.example.cores']).toBe(4);
  });

  it('runs for mixin membership changes too', async () => {
    const m = await machine('m');
    engine.calls = [];
    await provider.associate(alice, TAG, [m.location!]);
    expect(engine.calls.filter((c) => !c.startsWith('observe'))).toEqual([`update ${m.location} cores 1->1`]);
  });
});

describe('delete', () => {
  it('releases links before their resource, before the deletion is committed', async () => {
    const target = await machine('target');
    const m = await machine('m', { links: [{ kind: WIRE, target: { location: target.location! } }] });
    engine.calls = [];
    await provider.delete(alice, m.location!);
    expect(engine.calls).toEqual([`delete ${m.links![0]!.location}`, `delete ${m.location}`]);
    expect(await store.get(m.location!)).toBeUndefined();
  });

  it('a refusal deletes nothing', async () => {
    const m = await machine('m');
    engine.refuse = (what) =>
      what.startsWith('delete') ? new OcciError('conflict', { code: 'other', message: 'in use' }) : undefined;
    expect((await rejection(provider.delete(alice, m.location!))).message).toBe('in use');
    expect(await store.get(m.location!)).toBeDefined();
  });
});

describe('observe', () => {
  it('shows a change made outside OCCI on the next read, and acts on it', async () => {
    const m = await machine('m');
    engine.objects.get(m.location!)!.state = 'on';
    expect((await provider.get(alice, m.location!)).attributes['com.example.state']).toBe('on');
    // The state machine decides on the observed state: boot is not applicable to a running machine.
    expect(
      (await rejection(provider.invoke(alice, { location: m.location! }, { action: BOOT, attributes: {} })))
        .kind,
    ).toBe('conflict');
    expect((await store.get(m.location!))?.entity.attributes['com.example.state']).toBe('on');
  });

  it('an object gone outside OCCI takes its entity and the links to it away', async () => {
    const target = await machine('target');
    const m = await machine('m', { links: [{ kind: WIRE, target: { location: target.location! } }] });
    engine.objects.delete(target.location!);
    const gone = await rejection(provider.get(alice, target.location!));
    expect(gone.kind).toBe('not-found');
    expect(gone.message).toBe(`${target.location} is gone: its object was removed outside OCCI`);
    expect(await store.get(m.links![0]!.location!)).toBeUndefined();
    expect((await provider.list(alice, { collection: { kind: MACHINE } })).map((e) => e.location)).toEqual([
      m.location,
    ]);
  });

  it('asks the backend at most once per interval', async () => {
    provider = createReferenceProvider({
      model: Model.create([exampleExtension, backend(engine)]),
      store,
      observeIntervalMs: 60_000,
    });
    const m = await machine('m');
    engine.calls = [];
    // The creation's hook counts as an observation: reads within the interval do not ask.
    for (let i = 0; i < 5; i++) await provider.get(alice, m.location!);
    expect(engine.calls.filter((c) => c.startsWith('observe'))).toEqual([]);
    // A provider that has not observed it yet (another process) asks once.
    const other = createReferenceProvider({
      model: Model.create([exampleExtension, backend(engine)]),
      store,
      observeIntervalMs: 60_000,
    });
    for (let i = 0; i < 5; i++) await other.get(alice, m.location!);
    expect(engine.calls.filter((c) => c.startsWith('observe'))).toEqual([`observe ${m.location}`]);
  });
});

describe('a backend as an extension', () => {
  it('offers the mixins of its catalogue in every model, listed again when due', async () => {
    const image: Mixin = {
      class: 'mixin',
      scheme: 'http://example.com/images#',
      term: 'debian',
      title: 'debian:12',
      attributes: new Map(),
      actions: [],
      depends: [],
      applies: [MACHINE],
      location: '/images/debian/',
    };
    const catalogue = { mixins: [image] };
    provider = createReferenceProvider({
      model: Model.create([exampleExtension, backend(engine, catalogue)]),
      store,
    });
    expect((await provider.model(alice)).mixin('http://example.com/images#debian')?.title).toBe('debian:12');
    catalogue.mixins = [];
    expect((await provider.model(alice)).mixin('http://example.com/images#debian')).toBeUndefined();
    expect(engine.calls).toEqual(['refresh 1', 'refresh 2']);
  });

  it('starts with the provider, which tells it what the store holds; a failed start closes the others', async () => {
    const events: string[] = [];
    const first: Extension = {
      name: 'first',
      start: async ({ exists }) => {
        events.push(`first sees /machine/x: ${await exists('/machine/x')}`);
      },
      close: async () => {
        events.push('first closed');
      },
    };
    const broken: Extension = {
      name: 'broken',
      start: async () => {
        throw new OcciError('unavailable', { code: 'other', message: 'engine down' });
      },
    };
    const p = createReferenceProvider({ model: Model.create([exampleExtension, first, broken]), store });
    await expect(p.start()).rejects.toThrow('engine down');
    expect(events).toEqual(['first sees /machine/x: false', 'first closed']);
  });
});
