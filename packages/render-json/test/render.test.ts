import type { Entity, ErrorMessage, RenderContext } from '@occi/core';
import { Model, mixinFromDefinition, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import {
  BASE_URL,
  GOLD,
  MACHINE,
  model,
  REBOOT,
  schemaErrors,
  T,
  testExtension,
  WIRE,
  wire,
} from './helpers.js';

const rc: RenderContext = { model, baseUrl: BASE_URL };
const json = (body: string): unknown => JSON.parse(body);

const machine: Entity = {
  id: 'urn:uuid:00000000-0000-4000-8000-0000000000aa',
  kind: MACHINE,
  mixins: [GOLD],
  title: 'web',
  summary: 'the web server',
  attributes: {
    'com.example.cores': 4,
    'com.example.hostname': 'web01',
    'com.example.tags': ['a', 'b'],
    'com.example.meta': { owner: 'ops', nested: { level: 2.5, list: [1, true] } },
    'com.example.enabled': false,
    'com.example.gold.level': 'high',
  },
  location: '/machine/m1',
  actions: [REBOOT],
  version: '7',
  links: [wire(1), wire(2)],
};

describe('renderEntity', () => {
  it('renders a resource with the members of JSON §3.1.1 in order, links in full, locations as paths', () => {
    const payload = jsonRendering.renderEntity(machine, rc);
    expect(payload.headers).toEqual({});
    expect(payload.body).toBe(
      JSON.stringify({
        kind: MACHINE,
        mixins: [GOLD],
        attributes: machine.attributes,
        actions: [REBOOT],
        id: machine.id,
        links: [1, 2].map((n) => ({
          kind: WIRE,
          mixins: [],
          attributes: { 'com.example.wire.port': n },
          actions: [],
          id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
          source: { location: '/machine/m1', kind: MACHINE },
          target: { location: `/machine/m${n + 1}`, kind: MACHINE },
        })),
        summary: 'the web server',
        title: 'web',
      }),
    );
    expect(schemaErrors('resource', json(payload.body))).toEqual([]);
  });

  it('keeps integers integers and every JSON value type as held', () => {
    const body = jsonRendering.renderEntity(machine, rc).body;
    expect(body).toContain('"com.example.cores":4,');
    expect(body).toContain('"com.example.meta":{"owner":"ops","nested":{"level":2.5,"list":[1,true]}}');
    expect(body).toContain('"com.example.enabled":false');
  });

  it('always renders mixins, attributes, actions and links, even when empty', () => {
    const bare: Entity = { id: 'r1', kind: MACHINE, mixins: [], attributes: {} };
    const body = jsonRendering.renderEntity(bare, rc).body;
    expect(body).toBe(
      '{"kind":"http://example.com/occi/test#machine","mixins":[],"attributes":{},"actions":[],"id":"r1","links":[]}',
    );
    expect(schemaErrors('resource', json(body))).toEqual([]);
  });

  it('renders a link with source and target objects (JSON §3.1.2) and no resource members', () => {
    const body = jsonRendering.renderEntity({ ...wire(3), title: 'w' }, rc).body;
    expect(json(body)).toEqual({
      kind: WIRE,
      mixins: [],
      attributes: { 'com.example.wire.port': 3 },
      actions: [],
      id: 'urn:uuid:00000000-0000-4000-8000-000000000003',
      source: { location: '/machine/m1', kind: MACHINE },
      target: { location: '/machine/m4', kind: MACHINE },
      title: 'w',
    });
    expect(Object.keys(json(body) as object)).toEqual([
      'kind',
      'mixins',
      'attributes',
      'actions',
      'id',
      'source',
      'target',
      'title',
    ]);
    expect(schemaErrors('link', json(body))).toEqual([]);
  });

  it('renders a link to a resource outside the provider with its absolute URL and no kind', () => {
    const outside = { ...wire(1), target: { location: 'https://elsewhere.example.com/machine/x' } };
    expect(json(jsonRendering.renderEntity(outside, rc).body)).toMatchObject({
      target: { location: 'https://elsewhere.example.com/machine/x' },
    });
    expect(
      (json(jsonRendering.renderEntity(outside, rc).body) as { target: object }).target,
    ).not.toHaveProperty('kind');
  });

  it('gives an inline link without a source its resource as source', () => {
    const { source: _s, ...sourceless } = wire(1);
    const body = jsonRendering.renderEntity({ ...machine, links: [sourceless as Entity] }, rc).body;
    expect((json(body) as { links: { source: unknown }[] }).links[0]!.source).toEqual({
      location: '/machine/m1',
      kind: MACHINE,
    });
  });

  it('tells links by kind, and falls back to source/target for kinds the model does not know', () => {
    const unknownLink: Entity = {
      id: 'x',
      kind: `${T}unknownlink`,
      mixins: [],
      attributes: {},
      source: { location: '/a' },
      target: { location: '/b' },
    };
    expect(json(jsonRendering.renderEntity(unknownLink, rc).body)).toHaveProperty('source');
    const unknownResource: Entity = { id: 'y', kind: `${T}unknownresource`, mixins: [], attributes: {} };
    expect(json(jsonRendering.renderEntity(unknownResource, rc).body)).toHaveProperty('links', []);
  });
});

describe('renderEntityCollection', () => {
  it('renders resources under "resources" (JSON §3.3.1)', () => {
    const body = jsonRendering.renderEntityCollection(
      [machine, { ...machine, id: 'm2', links: [] }],
      rc,
    ).body;
    const doc = json(body) as { resources: unknown[] };
    expect(Object.keys(doc)).toEqual(['resources']);
    expect(doc.resources).toHaveLength(2);
    expect(schemaErrors('resource_collection', doc)).toEqual([]);
    expect(schemaErrors('document', doc)).toEqual([]);
  });

  it('renders links under "links" (JSON §3.3.2)', () => {
    const doc = json(jsonRendering.renderEntityCollection([wire(1), wire(2)], rc).body);
    expect(Object.keys(doc as object)).toEqual(['links']);
    expect(schemaErrors('link_collection', doc)).toEqual([]);
  });

  it('renders a mixed collection with both members, as the schema model document', () => {
    const doc = json(jsonRendering.renderEntityCollection([wire(1), machine], rc).body) as Record<
      string,
      unknown[]
    >;
    expect(Object.keys(doc)).toEqual(['resources', 'links']);
    expect(doc.resources).toHaveLength(1);
    expect(doc.links).toHaveLength(1);
    expect(schemaErrors('model', doc)).toEqual([]);
  });

  it('renders an empty collection as {"resources":[]} unless it is known to hold links', () => {
    expect(jsonRendering.renderEntityCollection([], rc).body).toBe('{"resources":[]}');
    const resources = jsonRendering.renderEntityCollection([], { ...rc, holds: 'resources' }).body;
    expect(resources).toBe('{"resources":[]}');
    expect(schemaErrors('resource_collection', json(resources))).toEqual([]);
  });

  it('renders an empty collection of links as {"links":[]} (JSON §3.3.2: the key MUST be links)', () => {
    const body = jsonRendering.renderEntityCollection([], { ...rc, holds: 'links' }).body;
    expect(body).toBe('{"links":[]}');
    expect(schemaErrors('link_collection', json(body))).toEqual([]);
    expect(schemaErrors('document', json(body))).toEqual([]);
  });

  it('renders a non-empty collection by its contents, whatever it is said to hold', () => {
    const links = json(jsonRendering.renderEntityCollection([wire(1)], { ...rc, holds: 'resources' }).body);
    expect(Object.keys(links as object)).toEqual(['links']);
    expect(schemaErrors('link_collection', links)).toEqual([]);
    const resources = json(jsonRendering.renderEntityCollection([machine], { ...rc, holds: 'links' }).body);
    expect(Object.keys(resources as object)).toEqual(['resources']);
    expect(schemaErrors('resource_collection', resources)).toEqual([]);
    const both = json(
      jsonRendering.renderEntityCollection([wire(1), machine], { ...rc, holds: 'links' }).body,
    );
    expect(Object.keys(both as object)).toEqual(['resources', 'links']);
  });
});

describe('renderCategories', () => {
  const all = { kinds: model.kinds(), mixins: model.mixins(), actions: model.actions() };

  it('renders the query interface as {"kinds","mixins","actions"} with attribute descriptions (JSON §3.2, §3.5.1)', () => {
    const doc = json(jsonRendering.renderCategories(all, rc).body) as Record<
      string,
      Record<string, unknown>[]
    >;
    expect(Object.keys(doc)).toEqual(['kinds', 'mixins', 'actions']);
    const machineKind = doc.kinds!.find((k) => k.term === 'machine');
    expect(machineKind).toEqual({
      term: 'machine',
      scheme: T,
      title: 'Machine',
      attributes: {
        'com.example.cores': {
          mutable: true,
          required: false,
          type: 'number',
          pattern: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'integer', minimum: 1 },
          default: 1,
          description: 'Number of cores',
        },
        'com.example.hostname': {
          mutable: true,
          required: false,
          type: 'string',
          pattern: { type: 'string', pattern: '\\S+' },
        },
        'com.example.tags': {
          mutable: true,
          required: false,
          type: 'array',
          pattern: { type: 'array', items: { type: 'string' } },
        },
        'com.example.meta': { mutable: true, required: false, type: 'object' },
        'com.example.enabled': { mutable: true, required: false, type: 'boolean', default: true },
        'com.example.state': {
          mutable: false,
          required: false,
          type: 'string',
          default: 'inactive',
          description: 'State of the machine',
        },
      },
      actions: [REBOOT],
      parent: 'http://schemas.ogf.org/occi/core#resource',
      location: '/machine/',
    });
    expect(doc.kinds!.find((k) => k.term === 'entity')).toEqual({
      term: 'entity',
      scheme: 'http://schemas.ogf.org/occi/core#',
      title: 'Entity',
      attributes: {
        'occi.core.id': {
          mutable: false,
          required: true,
          type: 'string',
          description: 'A unique identifier of the entity instance',
        },
        'occi.core.title': {
          mutable: true,
          required: false,
          type: 'string',
          description: 'The display name of the instance',
        },
      },
      actions: [],
    });
    expect(doc.mixins).toEqual([
      {
        term: 'gold',
        scheme: T,
        title: 'Gold service level',
        attributes: {
          'com.example.gold.level': { mutable: false, required: false, type: 'string', default: 'high' },
          'com.example.gold.zones': { mutable: false, required: false, type: 'array', default: ['a', 'b'] },
        },
        actions: [],
        depends: [],
        applies: [MACHINE],
        location: '/mixin/gold/',
      },
    ]);
    expect(doc.actions).toEqual([
      {
        term: 'reboot',
        scheme: 'http://example.com/occi/test/action#',
        title: 'Reboot the machine',
        attributes: {
          method: {
            mutable: true,
            required: false,
            type: 'string',
            pattern: { type: 'string', enum: ['graceful', 'hard'] },
          },
        },
      },
    ]);
  });

  it('validates against the schema: kinds, mixins, actions, each collection and the model document', () => {
    const plain = Model.create([
      {
        ...testExtension,
        mixins: [
          {
            ...testExtension.mixins![0]!,
            attributes: { 'com.example.gold.level': { type: 'string', default: 'high' } },
          },
        ],
      },
    ]);
    const doc = json(
      jsonRendering.renderCategories(
        { kinds: plain.kinds(), mixins: plain.mixins(), actions: plain.actions() },
        rc,
      ).body,
    ) as Record<string, unknown[]>;
    expect(schemaErrors('model', doc)).toEqual([]);
    expect(schemaErrors('document', doc)).toEqual([]);
    expect(schemaErrors('kind_collection', { kinds: doc.kinds })).toEqual([]);
    expect(schemaErrors('mixin_collection', { mixins: doc.mixins })).toEqual([]);
    expect(schemaErrors('action_collection', { actions: doc.actions })).toEqual([]);
    for (const k of doc.kinds!) expect(schemaErrors('kind', k)).toEqual([]);
    for (const m of doc.mixins!) expect(schemaErrors('mixin', m)).toEqual([]);
    for (const a of doc.actions!) expect(schemaErrors('action', a)).toEqual([]);
  });

  it('renders array and object defaults as the table allows, which the schema rejects (spec README erratum 3)', () => {
    const doc = json(
      jsonRendering.renderCategories({ kinds: [], mixins: model.mixins(), actions: [] }, rc).body,
    ) as {
      mixins: unknown[];
    };
    expect(schemaErrors('mixin', doc.mixins[0])).not.toEqual([]);
  });

  it('routes each category to the list of its class', () => {
    const user = mixinFromDefinition(
      { scheme: 'http://example.com/user#', term: 'mine', location: '/user/mine/' },
      'alice',
    );
    const doc = json(
      jsonRendering.renderCategories({ kinds: [user], mixins: [], actions: [] }, rc).body,
    ) as Record<string, unknown[]>;
    expect(doc).toEqual({
      kinds: [],
      mixins: [
        {
          term: 'mine',
          scheme: 'http://example.com/user#',
          attributes: {},
          actions: [],
          depends: [],
          applies: [],
          location: '/user/mine/',
        },
      ],
      actions: [],
    });
  });
});

describe('renderError', () => {
  it('renders {"error":{"status","message","problems"}} with the problems as given', () => {
    const error = new OcciError('bad-request', [
      { code: 'parse-error', message: '/kind: expected a string, got a number', pointer: '/kind' },
      { code: 'unknown-attribute', message: 'unknown attribute a.b', attribute: 'a.b', category: MACHINE },
    ]);
    const message: ErrorMessage = { status: 400, message: error.message, problems: error.problems };
    expect(json(jsonRendering.renderError(message, rc).body)).toEqual({
      error: {
        status: 400,
        message: '/kind: expected a string, got a number; unknown attribute a.b',
        problems: [
          { code: 'parse-error', message: '/kind: expected a string, got a number', pointer: '/kind' },
          {
            code: 'unknown-attribute',
            message: 'unknown attribute a.b',
            attribute: 'a.b',
            category: MACHINE,
          },
        ],
      },
    });
  });
});

describe('renderActionInvocation', () => {
  it('renders {"action","attributes"} valid against the schema (JSON §3.1.1.1)', () => {
    const body = jsonRendering.renderActionInvocation(
      { action: REBOOT, attributes: { method: 'hard' } },
      rc,
    ).body;
    expect(body).toBe(
      '{"action":"http://example.com/occi/test/action#reboot","attributes":{"method":"hard"}}',
    );
    expect(schemaErrors('action_invocation', json(body))).toEqual([]);
  });
});

describe('jsonRendering', () => {
  it('serves application/occi+json first, then application/json, and renders every message kind', () => {
    expect(jsonRendering.mediaTypes).toEqual(['application/occi+json', 'application/json']);
    expect(jsonRendering.renders).toEqual(['entity', 'entity-collection', 'categories', 'action']);
  });
});
