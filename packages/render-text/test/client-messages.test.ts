/**
 * The client side of the text renderings, against their server side: what
 * a client writes (`write*`) the server parses back into the same message,
 * and what a server renders (`render*`) the client reads back (`read*`).
 */
import type { Entity, EntityInput, Rendering } from '@occi/core';
import { mixinFromDefinition } from '@occi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textOcci, textPlain, uriList } from '../src/index.js';
import { BASE, context, FAST_SSD, model, NET, NIC, occiError, SSD, START, STOP, VM } from './helpers.js';

const renderings: [string, Rendering][] = [
  ['text/plain', textPlain],
  ['text/occi', textOcci],
];

/** A draft as a server parses it: `mixins` and `attributes` always there. */
const parsed = (draft: EntityInput) => ({ mixins: [], attributes: {}, ...draft });

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(\.[a-z0-9_-]{1,6}){1,3}$/).map((n) => `x.${n}`);
const scalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  fc.boolean(),
);

describe.each(renderings)('%s writes requests the server parses', (_type, rendering) => {
  const roundTrip = (draft: EntityInput) =>
    rendering.parseEntity(rendering.writeEntity(draft, context), context);

  it('an entity to create: kind, mixins, fields, typed attributes, inline links', () => {
    const draft: EntityInput = {
      kind: VM,
      mixins: [SSD],
      title: 'web "front" \u00e9',
      summary: 'line\nbreak',
      attributes: {
        'com.example.vm.cores': 2,
        'com.example.vm.enabled': true,
        'com.example.vm.tags': ['a', 'b'],
        'com.example.vm.metadata': { zone: 'eu', n: 1 },
      },
      links: [
        {
          kind: NIC,
          mixins: [],
          target: { location: '/net/1', kind: NET },
          attributes: { 'com.example.nic.mac': '00:11:22:33:44:55' },
        },
      ],
    };
    expect(roundTrip(draft)).toEqual(parsed(draft));
  });

  it('a link, a partial update and an empty update', () => {
    const link: EntityInput = {
      kind: NIC,
      source: { location: '/vm/1', kind: VM },
      target: { location: '/net/1', kind: NET },
      attributes: { 'com.example.nic.vlans': [1, 2] },
    };
    expect(roundTrip(link)).toEqual(parsed(link));
    expect(roundTrip({ attributes: { 'com.example.vm.cores': 4 } })).toEqual(
      parsed({ attributes: { 'com.example.vm.cores': 4 } }),
    );
    expect(roundTrip({})).toEqual(parsed({}));
  });

  it('any scalar attribute values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, scalar, { maxKeys: 5 }),
        fc.option(fc.string(), { nil: undefined }),
        (attributes, title) => {
          const draft: EntityInput = { kind: VM, attributes, ...(title !== undefined ? { title } : {}) };
          expect(roundTrip(draft)).toEqual(parsed(draft));
        },
      ),
    );
  });

  it('refuses what a request cannot carry', () => {
    expect(occiError(() => rendering.writeEntity({ kind: 'not-an-id' }, context)).message).toBe(
      '"not-an-id" is not a type identifier (scheme#term)',
    );
    expect(
      occiError(() => rendering.writeEntity({ kind: VM, attributes: { 'occi.core.title': 'x' } }, context))
        .code,
    ).toBe('reserved-namespace');
    expect(
      occiError(() =>
        rendering.writeEntity({ kind: VM, attributes: { 'com.example.vm.cores': Number.NaN } }, context),
      ).code,
    ).toBe('attribute-type');
    expect(
      occiError(() =>
        rendering.writeEntity({ kind: VM, links: [{ kind: NIC, target: { location: '' } }] }, context),
      ).code,
    ).toBe('invalid-link');
  });

  it('an action invocation', () => {
    const invocation = {
      action: START,
      attributes: { 'com.example.start.method': 'acpi', 'com.example.start.devices': ['d1'] },
    };
    const payload = rendering.writeActionInvocation(invocation, context);
    expect(rendering.parseActionInvocation(payload, context)).toEqual(invocation);
    const bare = { action: STOP, attributes: {} };
    expect(rendering.parseActionInvocation(rendering.writeActionInvocation(bare, context), context)).toEqual(
      bare,
    );
  });

  it('a user mixin to define, and mixins to remove', () => {
    const mixin = mixinFromDefinition({
      scheme: 'http://example.com/my#',
      term: 'blue',
      title: 'Blue things',
      location: '/my/blue/',
      depends: [SSD],
    });
    const categories = rendering.parseCategories(rendering.writeMixinDefinitions([mixin], context), context);
    expect(categories.kinds).toEqual([]);
    expect(categories.mixins).toEqual([mixin]);
    const removed = rendering.parseCategories(
      rendering.writeMixinReferences([SSD, FAST_SSD], context),
      context,
    );
    expect(removed.mixins.map((m) => m.scheme + m.term)).toEqual([SSD, FAST_SSD]);
  });

  it('refuses a mixin it cannot carry whole (GFD.229 §5.2, §5.5.2)', () => {
    const applies = mixinFromDefinition({ scheme: 'http://example.com/my#', term: 'a', applies: [VM] });
    expect(occiError(() => rendering.writeMixinDefinitions([applies], context)).message).toBe(
      'mixin http://example.com/my#a: "applies" has no form in a Category value (§5.2); send it in a rendering that carries it, such as application/occi+json',
    );
    const depends = mixinFromDefinition({
      scheme: 'http://example.com/my#',
      term: 'b',
      depends: [SSD, FAST_SSD],
    });
    expect(occiError(() => rendering.writeMixinDefinitions([depends], context)).message).toContain(
      'carries only the first of "depends"',
    );
  });

  it('existing entities by location, absolute URLs on the wire (erratum 11)', () => {
    const payload = rendering.writeEntityCollection(
      [{ location: '/vm/1' }, { location: '/vm/2', id: 'x' }],
      context,
    );
    const wire = rendering === textOcci ? String(payload.headers['x-occi-location']) : payload.body;
    expect(wire).toContain(`${BASE}/vm/1`);
    expect(rendering.parseEntityCollection(payload, context)).toEqual({
      entities: [],
      locations: ['/vm/1', '/vm/2'],
    });
    expect(occiError(() => rendering.writeEntityCollection([{ id: 'urn:x', kind: VM }], context)).code).toBe(
      'invalid-location',
    );
  });

  it('a filter, read as the server reads filters (an entity rendering)', () => {
    const payload = rendering.writeFilter(
      { categories: [VM, SSD], attributes: { 'occi.core.title': 'web', 'com.example.vm.cores': 2 } },
      context,
    );
    expect(rendering.parseEntity(payload, context)).toEqual({
      kind: VM,
      mixins: [SSD],
      title: 'web',
      attributes: { 'com.example.vm.cores': 2 },
    });
    expect(occiError(() => rendering.writeFilter({ categories: [START] }, context)).code).toBe(
      'wrong-category-class',
    );
  });
});

describe('text/occi requests travel in header fields', () => {
  it('with an empty body (no "OK": that is for successful responses, §7)', () => {
    const payload = textOcci.writeEntity({ kind: VM, title: 'web' }, context);
    expect(payload).toEqual({
      headers: {
        category: 'vm; scheme="http://example.com/occi/vm#"; class="kind"',
        'x-occi-attribute': 'occi.core.title="web"',
      },
      body: '',
    });
  });
});

describe.each(renderings)('%s: what the server renders, the client reads', (_type, rendering) => {
  const vm: Entity = {
    id: 'urn:uuid:1',
    kind: VM,
    mixins: [SSD],
    title: 'web',
    summary: 'front',
    attributes: { 'com.example.vm.cores': 2, 'com.example.vm.tags': ['a'] },
    location: '/vm/1',
    actions: [START, STOP],
  };

  it('an entity, with the actions its action links list', () => {
    const read = rendering.readEntity(rendering.renderEntity(vm, context), context);
    const { location: _l, ...rest } = vm;
    expect(read).toEqual(rest);
    const none = rendering.readEntity(rendering.renderEntity({ ...vm, actions: [] }, context), context);
    expect(none.actions).toEqual([]);
  });

  it('a resource with its links, a link with its endpoints', () => {
    const link: Entity = {
      id: 'urn:uuid:2',
      kind: NIC,
      mixins: [],
      attributes: { 'com.example.nic.mac': 'm' },
      location: '/link/nic/2',
      source: { location: '/vm/1', kind: VM },
      target: { location: '/net/1', kind: NET },
    };
    const read = rendering.readEntity(rendering.renderEntity({ ...vm, links: [link] }, context), context);
    expect(read.links).toEqual([
      {
        kind: NIC,
        mixins: [],
        location: '/link/nic/2',
        id: 'urn:uuid:2',
        attributes: link.attributes,
        source: link.source,
        target: link.target,
      },
    ]);
    const readLink = rendering.readEntity(rendering.renderEntity(link, context), context);
    expect(readLink).toMatchObject({ id: 'urn:uuid:2', kind: NIC, source: link.source, target: link.target });
  });

  it('refuses an entity without an id or a kind', () => {
    const noId = rendering.writeEntity({ kind: VM }, context);
    expect(occiError(() => rendering.readEntity(noId, context)).message).toContain('has no occi.core.id');
    const noKind = rendering.writeEntity({ id: 'urn:uuid:1' }, context);
    expect(occiError(() => rendering.readEntity(noKind, context)).message).toContain(
      'no Category of class "kind"',
    );
  });

  it('an entity collection: locations', () => {
    const payload = rendering.renderEntityCollection([vm, { ...vm, location: '/vm/2' }], context);
    expect(rendering.readEntityCollection(payload, context)).toEqual({
      entities: [],
      locations: ['/vm/1', '/vm/2'],
    });
  });

  it('the category collection of discovery (lossy: erratum 4)', () => {
    const categories = {
      kinds: [model.kind(VM)!],
      mixins: [model.get(FAST_SSD)!],
      actions: [model.action(STOP)!],
    };
    const read = rendering.readCategories(rendering.renderCategories(categories, context), context);
    expect(read.kinds.map((k) => k.class === 'kind' && [k.scheme + k.term, k.location, k.parent])).toEqual([
      [VM, '/vm/', 'http://schemas.ogf.org/occi/core#resource'],
    ]);
    expect(read.mixins[0]).toMatchObject({ term: 'fast_ssd', depends: [SSD], location: '/mixin/fast_ssd/' });
    expect(read.actions.map((a) => a.term)).toEqual(['stop']);
  });

  it('an error, one problem per line', () => {
    const error = {
      status: 404,
      message: 'no entity at /vm/9; really',
      problems: [
        { code: 'not-found' as const, message: 'no entity at /vm/9' },
        { code: 'other' as const, message: 'really' },
      ],
    };
    expect(rendering.readError(rendering.renderError(error, context), 404)).toEqual({
      status: 404,
      message: 'no entity at /vm/9; really',
      problems: [
        { code: 'other', message: 'no entity at /vm/9' },
        { code: 'other', message: 'really' },
      ],
    });
    expect(rendering.readError({ headers: {}, body: '' }, 500)).toEqual({
      status: 500,
      message: '',
      problems: [],
    });
  });
});

describe('text/uri-list (§8): listings only', () => {
  it('writes and reads entity collections', () => {
    const payload = uriList.writeEntityCollection(
      [{ location: '/vm/1' }, { location: 'http://elsewhere/x' }],
      context,
    );
    expect(payload.body).toBe(`${BASE}/vm/1\r\nhttp://elsewhere/x\r\n`);
    expect(uriList.parseEntityCollection(payload, context).locations).toEqual([
      '/vm/1',
      'http://elsewhere/x',
    ]);
    const rendered = uriList.renderEntityCollection(
      [{ id: 'urn:uuid:1', kind: VM, mixins: [], attributes: {}, location: '/vm/1' }],
      context,
    );
    expect(uriList.readEntityCollection(rendered, context)).toEqual({ entities: [], locations: ['/vm/1'] });
    expect(uriList.namesEntitiesBy).toBe('location');
  });

  it('refuses every other message, both directions', () => {
    for (const f of [
      () => uriList.writeEntity({ kind: VM }, context),
      () => uriList.writeActionInvocation({ action: START, attributes: {} }, context),
      () => uriList.writeFilter({}, context),
      () => uriList.writeMixinReferences([SSD], context),
      () => uriList.readEntity({ headers: {}, body: '' }, context),
      () => uriList.readCategories({ headers: {}, body: '' }, context),
    ])
      expect(occiError(f).kind).toBe('bad-request');
    expect(uriList.readError({ headers: {}, body: 'gone\r\n' }, 410).message).toBe('gone');
  });
});
