/**
 * Core (GFD.221) on entities of the run: instantiation (§5.3.6),
 * mutability (§5.2), identity (§5.4), mixins and templates (§5.3.4,
 * §5.3.7), collections (§5.3.8), links (§5.4.2–5.4.3).
 */
import { randomUUID } from 'node:crypto';
import { checksOf } from '../define.js';
import { ENTITY, RESOURCE } from '../discovery.js';
import { entityMessage } from '../messages.js';
import { answered, expect, fail, isRefusal, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { isUri } from '../text-abnf.js';
import type { WireResponse } from '../wire.js';
import { secondResource, update } from './support.js';

const { checks, add } = checksOf('core');

export { checks as coreEntityChecks };

const W = { writes: true };

/** A refusal (4xx) passes; an acceptance is checked by `after`. */
async function refusedOr(
  response: WireResponse,
  after: () => Promise<string | undefined>,
): Promise<string | undefined> {
  if (response.status >= 400 && response.status < 500) return `refused: ${response.status}`;
  if (response.status >= 500) fail(`${answered(response)}${serverSays(response)}`, response);
  return after();
}

add(
  '§5.3.6',
  'MUST',
  'instantiate',
  'a resource created from its kind (term and scheme) exists and has that kind',
  async (p) => {
    const c = await p.fx.anyResource();
    const { entity } = await p.fx.read(c.location);
    expect(entity.kind === c.kind, `${c.location} has kind ${entity.kind ?? '(none)'}, not ${c.kind}`);
    return `${c.kind} at ${c.location}`;
  },
  W,
);

add(
  '§5.4.1',
  'MUST',
  'expose-mixins',
  'an entity created with a mixin exposes it',
  async (p) => {
    const tag = await p.fx.userMixin();
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('tagged', base.kind, { mixins: [tag.id], summary: 'tagged' });
    const { entity } = await p.fx.read(c.location);
    expect(
      entity.mixins.includes(tag.id),
      `${c.location} does not expose the mixin ${tag.id} it was created with (mixins: ${entity.mixins.join(' ') || 'none'})`,
    );
  },
  W,
);

add(
  '§5.4',
  'MUST',
  'id-unique',
  'two entities get different ids',
  async (p) => {
    const [a, b] = [await p.fx.anyResource(), await secondResource(p)];
    expect(a.id && b.id, 'an entity of the run has no id');
    expect(a.id !== b.id, `both entities have the id ${a.id}`);
  },
  W,
);

add(
  '§5.4',
  'MUST',
  'id-uri',
  "an entity's id is a URI",
  async (p) => {
    const c = await p.fx.anyResource();
    expect(c.id !== undefined && isUri(c.id), `id ${c.id ?? '(none)'} is not a URI`);
  },
  W,
);

add(
  '§5.4',
  'SHOULD',
  'id-urn',
  "an entity's id is a URN (RECOMMENDED: urn:uuid:…)",
  async (p) => {
    const c = await p.fx.anyResource();
    expect(c.id?.toLowerCase().startsWith('urn:'), `id ${c.id ?? '(none)'} is not a URN`);
  },
  W,
);

add(
  '§5.2',
  'MUST',
  'mutable-create',
  "the mutable title and summary given at creation are the entity's",
  async (p) => {
    const c = await p.fx.anyResource();
    const { entity } = await p.fx.read(c.location);
    expect(
      entity.title === p.fx.title,
      `title is ${JSON.stringify(entity.title)}, not ${JSON.stringify(p.fx.title)}`,
    );
    expect(
      entity.summary === 'any resource',
      `summary is ${JSON.stringify(entity.summary)}, not "any resource"`,
    );
  },
  W,
);

add(
  '§5.2',
  'MUST',
  'mutable-update',
  'a mutable attribute (summary) can be updated by the client',
  async (p) => {
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('updated', base.kind, { summary: 'before' });
    const response = await update(p, c, { summary: 'after' });
    expect(response.status < 300, `update: ${answered(response)}${serverSays(response)}`, response);
    const { entity } = await p.fx.read(c.location);
    expect(
      entity.summary === 'after',
      `summary is ${JSON.stringify(entity.summary)} after the update, not "after"`,
    );
  },
  W,
);

add(
  '§5.2',
  'MUST',
  'immutable-id',
  'the immutable id cannot be changed by a client: an update is refused or leaves it',
  async (p) => {
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('immutables', base.kind, { summary: 'immutables' });
    const r = await p.rendering();
    const other = `urn:uuid:${randomUUID()}`;
    const draft =
      r === 'json' ? { kind: c.kind, id: other } : { kind: c.kind, attributes: { 'occi.core.id': other } };
    const response = await p.wire.send({ method: 'POST', path: c.location, ...entityMessage(r, draft) });
    return refusedOr(response, async () => {
      const { entity } = await p.fx.read(c.location);
      expect(entity.id === c.id, `the id changed from ${c.id} to ${entity.id}`, response);
      return 'accepted, id unchanged';
    });
  },
  W,
);

async function immutableAttribute(p: Probe, kind: string): Promise<{ name: string; value: unknown }> {
  const model = await p.model();
  for (const [name, d] of model.attributesOf(kind)) {
    if (name.startsWith('occi.core.') || d.mutable !== false) continue;
    const values = (d.pattern as { enum?: unknown[] } | undefined)?.enum;
    const value =
      Array.isArray(values) && values.length > 1
        ? values[values.length - 1]
        : d.type === 'number'
          ? 7
          : 'occi-check-immutable';
    return { name, value };
  }
  skip(`the ${kind} kind defines no immutable attribute besides Core's`);
}

add(
  '§5.2',
  'MUST',
  'immutable-update',
  'an immutable attribute of the kind cannot be changed by a client: an update is refused or leaves it',
  async (p) => {
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('immutables', base.kind, { summary: 'immutables' });
    const { name, value } = await immutableAttribute(p, c.kind);
    const before = (await p.fx.read(c.location)).entity.attributes[name];
    const response = await update(p, c, { attributes: { [name]: value } });
    return refusedOr(response, async () => {
      const after = (await p.fx.read(c.location)).entity.attributes[name];
      expect(
        JSON.stringify(after) === JSON.stringify(before),
        `${name} changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`,
        response,
      );
      return `accepted, ${name} unchanged`;
    });
  },
  W,
);

add(
  '§5.2',
  'MUST',
  'immutable-create',
  'an immutable attribute given at creation is refused or left to the server (it manages immutable attributes exclusively)',
  async (p) => {
    const base = await p.fx.anyResource();
    const { name, value } = await immutableAttribute(p, base.kind);
    let created: Awaited<ReturnType<typeof p.fx.create>>;
    try {
      created = await p.fx.create(base.kind, {
        attributes: { [name]: value },
        summary: 'immutable at creation',
      });
    } catch (error) {
      if (isRefusal(error)) return `refused: ${error.status}`;
      throw error;
    }
    const { entity } = await p.fx.read(created.location);
    expect(
      JSON.stringify(entity.attributes[name]) !== JSON.stringify(value),
      `${name} has the client's value ${JSON.stringify(value)}`,
    );
    return `created; ${name} is the server's (${JSON.stringify(entity.attributes[name])})`;
  },
  W,
);

add(
  '§5.4.1',
  'MUST',
  'kind-for-life',
  'an entity keeps its kind: a replacement with another kind is refused or leaves the kind',
  async (p) => {
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('immutables', base.kind, { summary: 'immutables' });
    const model = await p.model();
    const other = model.kinds.find(
      (k) => k.id !== c.kind && k.id !== ENTITY && model.isA(k.id, RESOURCE) && k.location,
    );
    if (!other) skip('the server offers no other resource kind');
    const r = await p.rendering();
    const draft = await p.fx.draft(other.id, { rendering: r, summary: 'another kind' });
    const response = await p.wire.send({
      method: 'PUT',
      path: c.location,
      ...entityMessage(r, { ...draft, ...(c.id ? { id: c.id } : {}) }),
    });
    return refusedOr(response, async () => {
      const { entity } = await p.fx.read(c.location);
      expect(entity.kind === c.kind, `the kind changed from ${c.kind} to ${entity.kind}`, response);
      return 'accepted, kind unchanged';
    });
  },
  W,
);

add(
  '§5.3.4',
  'MUST',
  'applies-refused',
  'associating a mixin with an entity of a kind it does not apply to is refused as a bad request (400)',
  async (p) => {
    const base = await p.fx.anyResource();
    const model = await p.typedModel();
    const chain = model.chain(base.kind).map((k) => k.id);
    const mixin = model.mixins.find(
      (m) =>
        (m.applies?.length ?? 0) > 0 &&
        !m.applies!.some((k) => chain.includes(k)) &&
        m.depends.every((d) => !(model.mixin(d)?.applies ?? []).some((k) => chain.includes(k))),
    );
    if (!mixin) skip(`no mixin restricts what it applies to away from ${base.kind}`);
    const c = await p.fx.shared('applies', base.kind, { summary: 'applies' });
    const response = await update(p, c, { mixins: [mixin.id] });
    expect(
      response.status === 400,
      `associating ${mixin.id} (applies to ${mixin.applies!.join(' ')}) with a ${base.kind}: expected 400, ${answered(response)}`,
      response,
    );
  },
  W,
);
