/**
 * The client side of the JSON rendering, against its server side: what a
 * client writes (`write*`) the server parses back into the same message,
 * and what a server renders (`render*`) the client reads back (`read*`).
 */
import type { Entity, EntityInput, ErrorMessage } from '@occi/core';
import { mixinFromDefinition, OcciError } from '@occi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import { body, context, GOLD, MACHINE, model, REBOOT, WIRE } from './helpers.js';

const rendering = jsonRendering;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function occiError(fn: () => unknown): OcciError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected an OcciError');
}

const roundTrip = (draft: EntityInput) =>
  rendering.parseEntity(rendering.writeEntity(draft, context), context);

describe('application/occi+json writes requests the server parses', () => {
  it('an entity to create: a fresh urn:uuid id, inline links as complete link objects', () => {
    const draft: EntityInput = {
      kind: MACHINE,
      mixins: [GOLD],
      title: 'web',
      summary: 'front',
      attributes: {
        'com.example.cores': 2,
        'com.example.tags': ['a'],
        'com.example.meta': { a: { b: [1] } },
      },
      links: [{ kind: WIRE, mixins: [], target: { location: '/machine/2', kind: MACHINE }, attributes: {} }],
    };
    const parsed = roundTrip(draft);
    const id = parsed.id!;
    expect(id).toMatch(UUID_URN);
    expect(parsed).toEqual({
      ...draft,
      id,
      links: [{ ...draft.links![0], id: parsed.links![0]!.id, source: { location: id, kind: MACHINE } }],
    });
    expect(parsed.links![0]!.id).toMatch(UUID_URN);
    expect(parsed.links![0]!.id).not.toBe(id);
    // Each write of a new entity has a new id.
    expect(roundTrip(draft).id).not.toBe(id);
    expect(JSON.parse(rendering.writeEntity({ title: 'renamed' }, context).body)).toEqual({
      title: 'renamed',
    });
  });

  it('a link by its kind or its endpoints; a partial update', () => {
    const link: EntityInput = {
      id: 'urn:uuid:3',
      kind: WIRE,
      source: { location: '/machine/1', kind: MACHINE },
      target: { location: '/machine/2' },
      attributes: { 'com.example.wire.port': 8 },
    };
    expect(roundTrip(link)).toEqual(link);
    const byEnds = { source: { location: '/a' }, target: { location: '/b' } };
    expect(roundTrip(byEnds)).toEqual(byEnds);
    expect(roundTrip({ attributes: { 'com.example.cores': 4 } })).toEqual({
      attributes: { 'com.example.cores': 4 },
    });
  });

  it('any attribute values JSON carries', () => {
    const value = fc.jsonValue().filter((v) => v !== null && !JSON.stringify(v).includes('null'));
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(\.[a-z0-9_-]{1,6}){1,3}$/).map((n) => `x.${n}`);
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 5 }), (attributes) => {
        const draft = { id: 'urn:uuid:1', kind: MACHINE, attributes } as EntityInput;
        expect(roundTrip(draft)).toEqual(JSON.parse(JSON.stringify(draft)));
      }),
    );
  });

  it('refuses what JSON cannot carry back, and occi.core.* attributes', () => {
    expect(
      occiError(() =>
        rendering.writeEntity({ kind: MACHINE, attributes: { 'com.example.cores': Infinity } }, context),
      ).message,
    ).toBe('Infinity is not a number an OCCI rendering can carry');
    expect(
      occiError(() => rendering.writeEntity({ attributes: { x: [{ y: Number.NaN }] } }, context)).code,
    ).toBe('attribute-type');
    expect(
      occiError(() => rendering.writeEntity({ attributes: { 'occi.core.id': 'x' } }, context)).code,
    ).toBe('reserved-namespace');
    expect(occiError(() => rendering.writeEntity({ kind: 'nope' }, context)).message).toBe(
      '"nope" is not a type identifier (scheme#term)',
    );
  });

  it('an action invocation (JSON §3.1.1.1)', () => {
    const invocation = { action: REBOOT, attributes: { method: 'hard' } };
    const payload = rendering.writeActionInvocation(invocation, context);
    expect(rendering.parseActionInvocation(payload, context)).toEqual(invocation);
    expect(rendering.renderActionInvocation(invocation, context)).toEqual(payload);
  });

  it('a user mixin to define, whole (applies and every depends), and mixins to remove', () => {
    const mixin = mixinFromDefinition({
      scheme: 'http://example.com/my#',
      term: 'blue',
      title: 'Blue',
      location: '/my/blue/',
      depends: [GOLD, 'http://example.com/my#red'],
      applies: [MACHINE],
    });
    const categories = rendering.parseCategories(rendering.writeMixinDefinitions([mixin], context), context);
    expect(categories).toEqual({ kinds: [], mixins: [mixin], actions: [] });
    const removal = rendering.writeMixinReferences([GOLD], context);
    expect(JSON.parse(removal.body)).toEqual({
      mixins: [{ scheme: 'http://example.com/occi/test#', term: 'gold', location: '/mixin/gold/' }],
    });
    expect(rendering.parseCategories(removal, context).mixins.map((m) => m.scheme + m.term)).toEqual([GOLD]);
    expect(occiError(() => rendering.writeMixinReferences(['nope'], context)).message).toBe(
      '"nope" is not a type identifier (scheme#term)',
    );
  });

  it('existing entities by id and kind, resources and links apart (JSON §3.3), links with their ends', () => {
    const wire = {
      id: 'urn:uuid:2',
      kind: WIRE,
      source: { location: '/machine/1', kind: MACHINE },
      target: { location: '/machine/3' },
    };
    const payload = rendering.writeEntityCollection(
      [{ id: 'urn:uuid:1', kind: MACHINE, location: '/machine/1' }, wire],
      context,
    );
    expect(JSON.parse(payload.body)).toEqual({
      resources: [{ id: 'urn:uuid:1', kind: MACHINE }],
      links: [wire],
    });
    expect(rendering.parseEntityCollection(payload, context)).toEqual({
      entities: [{ id: 'urn:uuid:1', kind: MACHINE }, wire],
      locations: [],
    });
    expect(rendering.namesEntitiesBy).toBe('id');
    expect(
      occiError(() => rendering.writeEntityCollection([{ location: '/machine/1' }], context)).message,
    ).toBe('an entity reference needs an id and a kind');
  });

  it('a filter, read as the server reads filters (an entity object)', () => {
    const payload = rendering.writeFilter(
      { categories: [MACHINE, GOLD], attributes: { 'occi.core.title': 'web', 'com.example.cores': 2 } },
      context,
    );
    expect(rendering.parseEntity(payload, context)).toEqual({
      kind: MACHINE,
      mixins: [GOLD],
      title: 'web',
      attributes: { 'com.example.cores': 2 },
    });
    expect(
      occiError(() => rendering.writeFilter({ categories: [MACHINE, WIRE] }, context)).message,
    ).toContain('names one kind');
    expect(occiError(() => rendering.writeFilter({ categories: ['http://x#y'] }, context)).kind).toBe(
      'not-found',
    );
  });
});

describe('application/occi+json: what the server renders, the client reads', () => {
  const machine: Entity = {
    id: 'urn:uuid:1',
    kind: MACHINE,
    mixins: [GOLD],
    title: 'web',
    attributes: { 'com.example.cores': 2, 'com.example.tags': ['a'] },
    location: '/machine/1',
    actions: [REBOOT],
  };
  const wire: Entity = {
    id: 'urn:uuid:2',
    kind: WIRE,
    mixins: [],
    attributes: { 'com.example.wire.port': 1 },
    location: '/wire/2',
    source: { location: '/machine/1', kind: MACHINE },
    target: { location: '/machine/3', kind: MACHINE },
    actions: [],
  };

  it('an entity with its actions and its links', () => {
    const { location: _l, ...expected } = machine;
    expect(rendering.readEntity(rendering.renderEntity(machine, context), context)).toEqual({
      ...expected,
      links: [],
    });
    const withLink = rendering.readEntity(
      rendering.renderEntity({ ...machine, links: [wire] }, context),
      context,
    );
    const { location: _w, ...link } = wire;
    expect(withLink.links).toEqual([link]);
  });

  it('refuses an entity without an id or a kind (JSON §3.1.1: multiplicity 1)', () => {
    expect(occiError(() => rendering.readEntity(body({ kind: MACHINE }), context)).message).toBe(
      '/id: missing; an entity a server answers has an id',
    );
    expect(occiError(() => rendering.readEntity(body({ id: 'x' }), context)).message).toBe(
      '/kind: missing; an entity a server answers has a kind',
    );
  });

  it('an entity collection: the entities, complete', () => {
    const payload = rendering.renderEntityCollection([machine, wire], context);
    const read = rendering.readEntityCollection(payload, context);
    expect(read.locations).toEqual([]);
    expect(read.entities.map((e) => [e.id, e.kind, e.actions])).toEqual([
      ['urn:uuid:1', MACHINE, [REBOOT]],
      ['urn:uuid:2', WIRE, []],
    ]);
    expect(
      occiError(() => rendering.readEntityCollection(body({ resources: [{ kind: MACHINE }] }), context))
        .message,
    ).toBe('/resources/0/id: missing; an entity a server answers has an id');
  });

  it('the category collection of discovery, whole', () => {
    const categories = {
      kinds: [model.kind(MACHINE)!],
      mixins: [model.get(GOLD)!],
      actions: [model.action(REBOOT)!],
    };
    expect(rendering.readCategories(rendering.renderCategories(categories, context), context)).toEqual(
      categories,
    );
  });

  it('an error, with its problems', () => {
    const error: ErrorMessage = {
      status: 400,
      message: 'unknown attribute x',
      problems: [{ code: 'unknown-attribute', message: 'unknown attribute x', attribute: 'x' }],
    };
    expect(rendering.readError(rendering.renderError(error, context), 400)).toEqual(error);
    expect(
      occiError(() => rendering.readError(body({ statusCode: 404, message: 'Not Found' }), 404)).code,
    ).toBe('parse-error');
  });
});
