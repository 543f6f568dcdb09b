/**
 * Quotas per user: how many entities of each kind, and how many cores and
 * how much memory (GiB) their computes add up to. The limits come from the
 * users file (`quotas` for everyone, a user's own `quotas` over them; `null`
 * lifts one). They are checked by a behaviour of `core#entity` (so of every
 * kind), whose `validate` runs once the entity is built — template defaults
 * applied — and before any backend hook makes anything. A refusal is 403
 * naming the quota and the current use.
 *
 * A user's writes that can add to their use run one at a time in this
 * process (`quotaProvider`), so two concurrent creations cannot both take
 * the last unit; the entities of one request (a resource and its inline
 * links) are counted together. Several processes sharing a database check
 * each against what is committed, so together they may let a user exceed
 * a limit by the number of creations in flight at once.
 */
import {
  type Behaviour,
  type Caller,
  ENTITY_KIND,
  type Entity,
  type Extension,
  forbidden,
  type Model,
  type Provider,
  type Store,
} from '@occi/core';
import { COMPUTE_KIND } from '@occi/infrastructure';
import type { QuotaLimits, UsersFile } from '../auth/users-file.js';

const CORES = 'occi.compute.cores';
const MEMORY = 'occi.compute.memory';

/** What one entity adds to its owner's use. */
interface Use {
  kind: string;
  cores: number;
  memory: number;
}

/** The limits that apply to `user`: the defaults with their own over them. */
export function limitsOf(file: UsersFile, user: string): QuotaLimits {
  const own = Object.hasOwn(file.users, user) ? file.users[user]!.quotas : undefined;
  const base = file.quotas ?? {};
  return {
    entities: { ...base.entities, ...own?.entities },
    ...(own && 'cores' in own ? { cores: own.cores } : base.cores !== undefined ? { cores: base.cores } : {}),
    ...(own && 'memory' in own
      ? { memory: own.memory }
      : base.memory !== undefined
        ? { memory: base.memory }
        : {}),
  };
}

/** The limit of entities of `kind`: by type identifier, else by term, else `*`. */
function entityLimit(
  limits: QuotaLimits,
  model: Model,
  kind: string,
): { limit: number; name: string } | undefined {
  const entities = limits.entities ?? {};
  const term = model.kind(kind)?.term ?? kind.slice(kind.indexOf('#') + 1);
  for (const name of [kind, term, '*']) {
    const limit = Object.hasOwn(entities, name) ? entities[name] : undefined;
    if (limit !== undefined) return limit === null ? undefined : { limit, name: name === '*' ? term : name };
  }
  return undefined;
}

/** Names in the quotas that match no kind of the model, each with what is wrong. */
export function unknownQuotaKinds(file: UsersFile, model: Model): string[] {
  const kinds = model.kinds();
  const problems: string[] = [];
  const check = (where: string, limits: QuotaLimits | undefined) => {
    for (const name of Object.keys(limits?.entities ?? {})) {
      if (name === '*' || kinds.some((k) => `${k.scheme}${k.term}` === name)) continue;
      const matching = kinds.filter((k) => k.term === name);
      if (matching.length === 1) continue;
      problems.push(
        matching.length > 1
          ? `${where}.entities["${name}"]: several kinds have this term; use the type identifier (${matching.map((k) => `${k.scheme}${k.term}`).join(', ')})`
          : `${where}.entities["${name}"]: no kind ${name}; known: ${kinds.map((k) => k.term).join(', ')}`,
      );
    }
  };
  check('quotas', file.quotas);
  for (const [user, record] of Object.entries(file.users)) check(`users["${user}"].quotas`, record.quotas);
  return problems;
}

/** Whether the file sets any limit at all (else nothing is checked nor queued). */
function hasQuotas(file: UsersFile): boolean {
  return file.quotas !== undefined || Object.values(file.users).some((u) => u.quotas !== undefined);
}

const numberOf = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;

export interface QuotaOptions {
  store: Store;
  /** The users file as last read. */
  accounts: () => UsersFile;
  /** Told of each refusal (metrics). */
  onExceeded?: () => void;
}

/**
 * The quota check (an extension with one behaviour on `core#entity`) and a
 * provider wrapper that runs each user's growing writes one at a time.
 */
export function quotas(options: QuotaOptions): {
  extension: Extension;
  provider: (inner: Provider) => Provider;
} {
  const { store, accounts } = options;
  /** The entities each user's write in progress has built so far, by id. */
  const inFlight = new Map<string, Map<string, Use>>();
  const queues = new Map<string, Promise<unknown>>();

  const refuse = (message: string): never => {
    options.onExceeded?.();
    throw forbidden(`quota exceeded: ${message}; delete some or ask the operator for a higher quota`);
  };

  async function check(
    entity: Entity,
    previous: Entity | undefined,
    model: Model,
    caller: string,
  ): Promise<void> {
    const stored = previous ? await store.getById(entity.id) : undefined;
    const owner = stored?.owner ?? caller;
    const limits = limitsOf(accounts(), owner);
    const pending = inFlight.get(caller) ?? new Map<string, Use>();
    const others = [...pending].filter(([id]) => id !== entity.id).map(([, use]) => use);
    const isCompute = model.isKindOf(entity.kind, COMPUTE_KIND);
    const use: Use = {
      kind: entity.kind,
      cores: isCompute ? numberOf(entity.attributes[CORES]) : 0,
      memory: isCompute ? numberOf(entity.attributes[MEMORY]) : 0,
    };
    const entities = entityLimit(limits, model, entity.kind);
    if (!previous && entities) {
      const count =
        (await store.query({ kinds: [entity.kind], owner })).length +
        others.filter((o) => o.kind === entity.kind).length;
      if (count + 1 > entities.limit)
        refuse(`${owner} has ${count} ${entities.name} entities of ${entities.limit} allowed`);
    }
    for (const [attribute, unit, limit] of [
      [CORES, 'cores', limits.cores],
      [MEMORY, 'GiB of memory', limits.memory],
    ] as const) {
      const added = attribute === CORES ? use.cores : use.memory;
      const before = previous && isCompute ? numberOf(previous.attributes[attribute]) : 0;
      if (limit === undefined || limit === null || added <= before) continue;
      const computes = await store.query({ kinds: model.descendants(COMPUTE_KIND), owner });
      const current =
        computes
          .filter((c) => c.id !== entity.id)
          .reduce((sum, c) => sum + numberOf(c.entity.attributes[attribute]), 0) +
        others.reduce((sum, o) => sum + (attribute === CORES ? o.cores : o.memory), 0);
      if (current + added > limit)
        refuse(`${owner}'s computes use ${current} of ${limit} ${unit}; this one needs ${added}`);
    }
    pending.set(entity.id, use);
  }

  const behaviour: Behaviour = {
    category: ENTITY_KIND,
    async validate(entity, previous, context) {
      await check(entity, previous, context.model, context.user);
      return [];
    },
  };

  /** Runs `work` after the user's earlier growing writes, with a fresh record of what it builds. */
  function serialised<T>(caller: Caller, work: () => Promise<T>): Promise<T> {
    if (!hasQuotas(accounts())) return work();
    const before = queues.get(caller.user) ?? Promise.resolve();
    const run = before.then(async () => {
      inFlight.set(caller.user, new Map());
      try {
        return await work();
      } finally {
        inFlight.delete(caller.user);
      }
    });
    const tail = run.catch(() => undefined);
    queues.set(caller.user, tail);
    void tail.then(() => {
      if (queues.get(caller.user) === tail) queues.delete(caller.user);
    });
    return run;
  }

  return {
    extension: { name: 'occi-server-quotas', behaviours: [behaviour] },
    provider: (inner) => ({
      ...bind(inner),
      create: (c, d) => serialised(c, () => inner.create(c, d)),
      put: (c, l, d, w) => serialised(c, () => inner.put(c, l, d, w)),
      update: (c, l, d, w) => serialised(c, () => inner.update(c, l, d, w)),
      associate: (c, m, l) => serialised(c, () => inner.associate(c, m, l)),
      setMembership: (c, m, l) => serialised(c, () => inner.setMembership(c, m, l)),
    }),
  };
}

/** Every method of a provider, bound to it. */
function bind(p: Provider): Provider {
  return {
    model: (c) => p.model(c),
    list: (c, r) => p.list(c, r),
    ...(p.listBatches ? { listBatches: (c, r, n) => p.listBatches!(c, r, n) } : {}),
    get: (c, l) => p.get(c, l),
    create: (c, d) => p.create(c, d),
    put: (c, l, d, w) => p.put(c, l, d, w),
    update: (c, l, d, w) => p.update(c, l, d, w),
    delete: (c, l, w) => p.delete(c, l, w),
    deleteAll: (c, s, f) => p.deleteAll(c, s, f),
    associate: (c, m, l) => p.associate(c, m, l),
    dissociate: (c, m, l) => p.dissociate(c, m, l),
    setMembership: (c, m, l) => p.setMembership(c, m, l),
    invoke: (c, t, i) => p.invoke(c, t, i),
    defineMixins: (c, m) => p.defineMixins(c, m),
    removeMixins: (c, ids) => p.removeMixins(c, ids),
  };
}
