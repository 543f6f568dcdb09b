import type { Payload } from '@occi/core';
import { mixinFromDefinition, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { createJsonRendering, jsonRendering } from '../src/index.js';
import { BASE_URL, body, context, GOLD, MACHINE, model, REBOOT, T, WIRE } from './helpers.js';

/** The OcciError a parse throws. */
function failure(parse: () => unknown): OcciError {
  try {
    parse();
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected the parse to fail');
}

const entityError = (value: unknown) => failure(() => jsonRendering.parseEntity(body(value), context));
const expectProblem = (error: OcciError, pointer: string, message: string) => {
  expect(error.kind).toBe('bad-request');
  expect(error.problems).toEqual([{ code: 'parse-error', message, pointer }]);
};

describe('reading the body', () => {
  it('rejects text that is not JSON, naming the JSON problem', () => {
    const error = entityError('{"kind": "x",}');
    expect(error.kind).toBe('bad-request');
    expect(error.code).toBe('parse-error');
    expect(error.problems[0]!.pointer).toBe('');
    expect(error.message).toMatch(/^invalid JSON: .*position 13/);
  });

  it('rejects an empty body', () => {
    expect(entityError('  ').message).toBe('invalid JSON: the body is empty');
  });

  it('rejects a body over the size limit with payload-too-large, counting UTF-8 bytes', () => {
    const small = createJsonRendering({ maxBytes: 100 });
    const ascii = failure(() => small.parseEntity(body({ title: 'x'.repeat(120) }), context));
    expect(ascii.kind).toBe('payload-too-large');
    expect(ascii.message).toBe('the JSON body is larger than 100 bytes');
    // 30 euro signs are 30 UTF-16 units but 90 bytes.
    const euros = `{"title":"${'€'.repeat(30)}"}`;
    expect(euros.length).toBeLessThan(100);
    expect(failure(() => small.parseEntity(body(euros), context)).kind).toBe('payload-too-large');
    expect(small.parseEntity(body(`{"title":"${'€'.repeat(20)}"}`), context)).toEqual({
      title: '€'.repeat(20),
    });
  });

  it('rejects deep nesting with a typed error, never a stack overflow', () => {
    const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    // The document is level 1, its attributes level 2, an attribute value level 3.
    const shallow = `{"attributes":{"com.example.tags":${deep(62)}}}`;
    expect(jsonRendering.parseEntity(body(shallow), context).attributes!['com.example.tags']).toBeDefined();
    const error = entityError(`{"attributes":{"com.example.tags":${deep(63)}}}`);
    expect(error.problems[0]!.message).toMatch(
      /^\/attributes\/com\.example\.tags(\/0)+: nested deeper than 64 levels$/,
    );
    expect(error.problems[0]!.pointer).toBe(`/attributes/com.example.tags${'/0'.repeat(62)}`);
    expectProblem(
      entityError(
        `{"attributes":{"com.example.meta":${'{"a":'.repeat(1_000_000)}1${'}'.repeat(1_000_000)}}}`,
      ),
      `/attributes/com.example.meta${'/a'.repeat(62)}`,
      `/attributes/com.example.meta${'/a'.repeat(62)}: nested deeper than 64 levels`,
    );
    expect(createJsonRendering({ maxDepth: 3 }).limits).toEqual({ maxDepth: 3, maxBytes: 16 * 1024 * 1024 });
    expect(
      failure(() => createJsonRendering({ maxDepth: 3 }).parseEntity(body(shallow), context)).message,
    ).toBe('/attributes/com.example.tags/0: nested deeper than 3 levels');
  });

  it('ignores the header fields', () => {
    const payload: Payload = {
      headers: { 'content-type': 'text/plain', category: 'x' },
      body: '{"title":"t"}',
    };
    expect(jsonRendering.parseEntity(payload, context)).toEqual({ title: 't' });
  });
});

describe('parseEntity', () => {
  it('reads a resource into an entity draft, ignoring actions (JSON §3.1.1)', () => {
    expect(
      jsonRendering.parseEntity(
        body({
          kind: MACHINE,
          mixins: [GOLD],
          attributes: { 'com.example.cores': 2, 'com.example.meta': { a: [1, { b: false }] } },
          actions: [REBOOT],
          id: 'm1',
          links: [],
          summary: 's',
          title: 't',
        }),
        context,
      ),
    ).toStrictEqual({
      kind: MACHINE,
      mixins: [GOLD],
      attributes: { 'com.example.cores': 2, 'com.example.meta': { a: [1, { b: false }] } },
      id: 'm1',
      links: [],
      summary: 's',
      title: 't',
    });
  });

  it('accepts a partial update without kind or id (the provider decides)', () => {
    expect(
      jsonRendering.parseEntity(body({ attributes: { 'com.example.cores': 3 } }), context),
    ).toStrictEqual({
      attributes: { 'com.example.cores': 3 },
    });
    expect(jsonRendering.parseEntity(body({}), context)).toStrictEqual({});
  });

  it('reads a link, turning absolute URLs under the base URL into paths (spec README erratum 11)', () => {
    expect(
      jsonRendering.parseEntity(
        body({
          kind: WIRE,
          id: 'w1',
          source: { location: `${BASE_URL}/machine/m1`, kind: MACHINE },
          target: { location: 'HTTP://OCCI.example.org:8080/machine/m2' },
          rel: MACHINE,
        }),
        context,
      ),
    ).toStrictEqual({
      kind: WIRE,
      id: 'w1',
      source: { location: '/machine/m1', kind: MACHINE },
      target: { location: '/machine/m2' },
    });
    const outside = jsonRendering.parseEntity(
      body({
        target: { location: 'http://occi.example.org:8081/machine/m2' },
        source: { location: 'http://occi.example.org:80801/x' },
      }),
      context,
    );
    expect(outside).toEqual({
      target: { location: 'http://occi.example.org:8081/machine/m2' },
      source: { location: 'http://occi.example.org:80801/x' },
    });
  });

  it('reads inline links of a resource, with their source and target (JSON §3.1.2: multiplicity 1)', () => {
    const link = { kind: WIRE, source: { location: 'urn:uuid:m1' }, target: { location: '/machine/m2' } };
    expect(
      jsonRendering.parseEntity(body({ kind: MACHINE, id: 'urn:uuid:m1', links: [link] }), context),
    ).toStrictEqual({ kind: MACHINE, id: 'urn:uuid:m1', links: [link] });
  });

  it('refuses a link without its source or target, inline or not; nothing invents an empty location', () => {
    expectProblem(
      entityError({ kind: MACHINE, links: [{ kind: WIRE, target: { location: '/machine/m2' } }] }),
      '/links/0/source',
      '/links/0/source: missing; a link names its source (JSON §3.1.2: multiplicity 1), inline too: the location or id of the resource it comes with',
    );
    expectProblem(
      entityError({ kind: MACHINE, links: [{ kind: WIRE, source: { location: '/machine/m1' } }] }),
      '/links/0/target',
      '/links/0/target: missing; a link names its target (JSON §3.1.2: multiplicity 1)',
    );
    expectProblem(
      entityError({ kind: WIRE, target: { location: '/machine/m2' } }),
      '/source',
      '/source: missing; a link names its source (JSON §3.1.2: multiplicity 1)',
    );
    expectProblem(
      entityError({
        kind: WIRE,
        attributes: { 'occi.core.target.kind': MACHINE },
        source: { location: '/m' },
      }),
      '/attributes/occi.core.target.kind',
      '/attributes/occi.core.target.kind: occi.core.target.kind is given without occi.core.target',
    );
    // A partial update names no kind, and may change one end alone.
    expect(jsonRendering.parseEntity(body({ target: { location: '/machine/m3' } }), context)).toStrictEqual({
      target: { location: '/machine/m3' },
    });
  });

  it('moves occi.core.* attributes into the fields they stand for', () => {
    expect(
      jsonRendering.parseEntity(
        body({
          attributes: {
            'occi.core.id': 'w9',
            'occi.core.title': 'a title',
            'occi.core.source': '/machine/m1',
            'occi.core.target': `${BASE_URL}/machine/m2`,
            'occi.core.target.kind': MACHINE,
            'com.example.wire.port': 1,
          },
        }),
        context,
      ),
    ).toStrictEqual({
      attributes: { 'com.example.wire.port': 1 },
      id: 'w9',
      title: 'a title',
      source: { location: '/machine/m1' },
      target: { location: `${BASE_URL}/machine/m2`, kind: MACHINE },
    });
    expect(
      jsonRendering.parseEntity(body({ title: 'same', attributes: { 'occi.core.title': 'same' } }), context),
    ).toStrictEqual({
      title: 'same',
      attributes: {},
    });
    expectProblem(
      entityError({ title: 'one', attributes: { 'occi.core.title': 'two' } }),
      '/attributes/occi.core.title',
      '/attributes/occi.core.title: "two" contradicts /title "one"',
    );
    expectProblem(
      entityError({ attributes: { 'occi.core.summary': 5 } }),
      '/attributes/occi.core.summary',
      '/attributes/occi.core.summary: expected a string, got a number',
    );
  });

  it('keeps an attribute named __proto__ an ordinary attribute', () => {
    const draft = jsonRendering.parseEntity(
      body('{"attributes":{"__proto__":{"x":1},"occi.core.title":"t"}}'),
      context,
    );
    expect(Object.getPrototypeOf(draft.attributes)).toBe(Object.prototype);
    expect(Object.keys(draft.attributes!)).toEqual(['__proto__']);
  });

  const cases: [string, unknown, string, string][] = [
    [
      'a document that is not an object',
      [],
      '',
      '(document): expected a resource or link object, got an array',
    ],
    ['a kind that is not a string', { kind: 5 }, '/kind', '/kind: expected a string, got a number'],
    ['an id that is not a string', { id: null }, '/id', '/id: expected a string, got null'],
    [
      'mixins that are not strings',
      { mixins: [GOLD, 3] },
      '/mixins/1',
      '/mixins/1: expected a string, got a number',
    ],
    [
      'mixins that are not an array',
      { mixins: GOLD },
      '/mixins',
      '/mixins: expected an array of strings, got a string',
    ],
    [
      'actions that are not strings',
      { actions: [{}] },
      '/actions/0',
      '/actions/0: expected a string, got an object',
    ],
    [
      'attributes that are not an object',
      { attributes: [] },
      '/attributes',
      '/attributes: expected an object, got an array',
    ],
    [
      'a null attribute',
      { attributes: { 'com.example.cores': null } },
      '/attributes/com.example.cores',
      '/attributes/com.example.cores: expected a number, string, boolean, array or object, got null',
    ],
    [
      'a null inside an attribute value',
      { attributes: { 'com.example.meta': { a: [1, null] } } },
      '/attributes/com.example.meta/a/1',
      '/attributes/com.example.meta/a/1: expected a number, string, boolean, array or object, got null',
    ],
    [
      'an attribute name with / and ~',
      { attributes: { 'a/b~c': null } },
      '/attributes/a~1b~0c',
      '/attributes/a~1b~0c: expected a number, string, boolean, array or object, got null',
    ],
    [
      'a member the rendering does not define',
      { knd: MACHINE },
      '/knd',
      '/knd: unknown member "knd" of a resource or link rendering — did you mean kind? (members: kind, mixins, attributes, actions, id, links, summary, title, source, target, rel)',
    ],
    [
      'resource and link members together',
      { links: [], target: { location: '/x' } },
      '/target',
      '/target: "target" is a link member, but "links" is a resource member; an entity is one or the other',
    ],
    [
      'a link member on a resource kind',
      { kind: MACHINE, source: { location: '/x' } },
      '/source',
      `/source: ${MACHINE} is not a link kind; only links have "source"`,
    ],
    [
      'a resource member on a link kind',
      { kind: WIRE, summary: 's' },
      '/summary',
      `/summary: ${WIRE} is a link kind; a link has no "summary" member`,
    ],
    [
      'links that are not an array',
      { links: {} },
      '/links',
      '/links: expected an array of link objects, got an object',
    ],
    [
      'an inline link that is not an object',
      { links: ['/wire/1'] },
      '/links/0',
      '/links/0: expected a link object, got a string',
    ],
    [
      'an inline link of a resource kind',
      { links: [{ kind: MACHINE }] },
      '/links/0/kind',
      `/links/0/kind: expected a link kind, got ${MACHINE}, which is not one`,
    ],
    [
      'an inline link with links',
      { links: [{ links: [] }] },
      '/links/0/links',
      '/links/0/links: a link has no "links" member; it belongs to resources',
    ],
    [
      'a source that is not an object',
      { source: '/machine/m1' },
      '/source',
      '/source: expected an object with a location, got a string',
    ],
    [
      'a target without location',
      { target: { kind: MACHINE } },
      '/target/location',
      '/target/location: missing; a link source or target has a location',
    ],
    [
      'a target kind that is not a string',
      { target: { location: '/x', kind: 1 } },
      '/target/kind',
      '/target/kind: expected a string, got a number',
    ],
    [
      'a target with an unknown member',
      { target: { location: '/x', rel: MACHINE } },
      '/target/rel',
      '/target/rel: unknown member "rel" of a link source or target (members: location, kind)',
    ],
    ['a rel that is not a string', { rel: 1 }, '/rel', '/rel: expected a string, got a number'],
    [
      'a number out of range',
      '{"attributes":{"com.example.cores":1e999}}',
      '/attributes/com.example.cores',
      '/attributes/com.example.cores: number out of range',
    ],
  ];
  for (const [what, value, pointer, message] of cases) {
    it(`rejects ${what}`, () => expectProblem(entityError(value), pointer, message));
  }
});

describe('parseEntityCollection', () => {
  const parse = (value: unknown) => jsonRendering.parseEntityCollection(body(value), context);

  it('reads resources, then links, into drafts; JSON has no location list', () => {
    const wire = {
      kind: WIRE,
      id: 'w1',
      source: { location: '/machine/m1' },
      target: { location: 'urn:uuid:x' },
    };
    expect(parse({ links: [wire], resources: [{ kind: MACHINE, id: 'm1' }, { id: 'm2' }] })).toStrictEqual({
      entities: [{ kind: MACHINE, id: 'm1' }, { id: 'm2' }, wire],
      locations: [],
    });
    expect(parse({ resources: [] })).toStrictEqual({ entities: [], locations: [] });
    expect(parse({})).toStrictEqual({ entities: [], locations: [] });
  });

  it('rejects what is not an entity collection', () => {
    const error = (value: unknown) => failure(() => parse(value));
    expectProblem(
      error({ resources: [], kinds: [] }),
      '/kinds',
      '/kinds: unknown member "kinds" of an entity collection rendering — did you mean links? (members: resources, links)',
    );
    expectProblem(
      error({ resources: {} }),
      '/resources',
      '/resources: expected an array of resource objects, got an object',
    );
    expectProblem(
      error({ resources: [{ kind: WIRE }] }),
      '/resources/0/kind',
      `/resources/0/kind: expected a resource kind, got the link kind ${WIRE}`,
    );
    expectProblem(
      error({ resources: [{ target: { location: '/m' } }] }),
      '/resources/0/target',
      '/resources/0/target: a resource has no "target" member; it belongs to links',
    );
    expectProblem(
      error({ links: [{ summary: 's' }] }),
      '/links/0/summary',
      '/links/0/summary: a link has no "summary" member; it belongs to resources',
    );
    expectProblem(error([]), '', '(document): expected an object with "resources" or "links", got an array');
  });
});

describe('an entity collection sent where an entity may be', () => {
  const wireLink = (id: string) => ({
    kind: WIRE,
    id,
    source: { location: '/machine/m1' },
    target: { location: `${BASE_URL}/machine/m2` },
  });
  const wireDraft = (id: string) => ({
    kind: WIRE,
    id,
    source: { location: '/machine/m1' },
    target: { location: '/machine/m2' },
  });
  const LINKS =
    '(document): this is an entity collection, not an entity: with only "links" and no "kind", it is a link collection (JSON §3.3.2); a resource sent with inline links names its "kind"';

  /** What the HTTP layer does with a create request (HTTP §9.3.1): an entity, else a collection. */
  function drafts(value: unknown) {
    const payload = body(value);
    try {
      return [jsonRendering.parseEntity(payload, context)];
    } catch (error) {
      const collection = (() => {
        try {
          return jsonRendering.parseEntityCollection(payload, context).entities;
        } catch {
          return [];
        }
      })();
      if (collection.length > 0) return collection;
      throw error;
    }
  }

  it('refuses {"links":[...]} as an entity: it is a link collection (JSON §3.3.2)', () => {
    const error = entityError({ links: [wireLink('w1')] });
    expect(error.code).toBe('parse-error');
    expectProblem(error, '', LINKS);
    expect(error.message).toBe(LINKS);
    expectProblem(entityError({ links: [] }), '', LINKS);
  });

  it('refuses {"resources":[...]} and {"resources","links"} as an entity', () => {
    expectProblem(
      entityError({ resources: [{ kind: MACHINE }] }),
      '',
      '(document): this is an entity collection, not an entity: with only "resources" and no "kind", it is a resource collection (JSON §3.3.1); a resource sent with inline links names its "kind"',
    );
    expectProblem(
      entityError({ resources: [], links: [wireLink('w1')] }),
      '',
      '(document): this is an entity collection, not an entity: with only "resources" and "links" and no "kind", it is resources and links (JSON §3.3); a resource sent with inline links names its "kind"',
    );
  });

  it('reports a malformed member of such a collection where it is', () => {
    expectProblem(
      entityError({ resources: [{ kind: WIRE }] }),
      '/resources/0/kind',
      `/resources/0/kind: expected a resource kind, got the link kind ${WIRE}`,
    );
    expectProblem(
      entityError({ links: [{ kind: WIRE, summary: 's' }] }),
      '/links/0/summary',
      '/links/0/summary: a link has no "summary" member; it belongs to resources',
    );
  });

  it('keeps reading a resource that names its kind, or has other members, with its inline links', () => {
    expect(
      jsonRendering.parseEntity(body({ kind: MACHINE, links: [wireLink('w1')] }), context),
    ).toStrictEqual({ kind: MACHINE, links: [wireDraft('w1')] });
    expect(jsonRendering.parseEntity(body({ kind: MACHINE, links: [] }), context)).toStrictEqual({
      kind: MACHINE,
      links: [],
    });
    expect(jsonRendering.parseEntity(body({ title: 't', links: [] }), context)).toStrictEqual({
      title: 't',
      links: [],
    });
    expect(jsonRendering.parseEntity(body({}), context)).toStrictEqual({});
  });

  it('turns a link collection into link drafts with their kinds when the entity is tried first', () => {
    expect(drafts({ links: [wireLink('w1'), wireLink('w2')] })).toStrictEqual([
      wireDraft('w1'),
      wireDraft('w2'),
    ]);
    expect(drafts({ resources: [{ kind: MACHINE, id: 'm1' }] })).toStrictEqual([{ kind: MACHINE, id: 'm1' }]);
    expect(drafts(wireLink('w3'))).toStrictEqual([wireDraft('w3')]);
    expect(drafts({ kind: MACHINE, links: [wireLink('w4')] })).toStrictEqual([
      { kind: MACHINE, links: [wireDraft('w4')] },
    ]);
    expect(failure(() => drafts({ links: [] })).message).toBe(LINKS);
  });
});

describe('parseCategories', () => {
  const parse = (value: unknown) => jsonRendering.parseCategories(body(value), context);
  const error = (value: unknown) => failure(() => parse(value));

  it('reads user mixins with their location as a path (POST /-/)', () => {
    expect(
      parse({
        mixins: [
          {
            scheme: 'http://example.com/user#',
            term: 'mine',
            location: `${BASE_URL}/user/mine/`,
            applies: [MACHINE],
            attributes: {
              'com.example.note': { type: 'string', mutable: true, default: 'none', description: 'a note' },
            },
          },
        ],
      }),
    ).toStrictEqual({
      kinds: [],
      mixins: [
        mixinFromDefinition({
          scheme: 'http://example.com/user#',
          term: 'mine',
          location: '/user/mine/',
          applies: [MACHINE],
          attributes: {
            'com.example.note': { type: 'string', mutable: true, default: 'none', description: 'a note' },
          },
        }),
      ],
      actions: [],
    });
  });

  it('reads a full model document, each category into the list of its class', () => {
    const rendered = jsonRendering.renderCategories(
      { kinds: model.kinds(), mixins: model.mixins(), actions: model.actions() },
      context,
    );
    expect(jsonRendering.parseCategories(rendered, context)).toStrictEqual({
      kinds: model.kinds(),
      mixins: model.mixins(),
      actions: model.actions(),
    });
  });

  it('reads a lone category object by the class the model gives it, or by its members', () => {
    expect(parse({ scheme: T, term: 'gold' }).mixins.map((m) => m.term)).toEqual(['gold']);
    expect(parse({ scheme: T, term: 'machine' }).kinds.map((k) => k.term)).toEqual(['machine']);
    expect(
      parse({ scheme: 'http://example.com/occi/test/action#', term: 'reboot' }).actions.map((a) => a.term),
    ).toEqual(['reboot']);
    expect(
      parse({ scheme: 'http://new#', term: 'k', parent: 'http://schemas.ogf.org/occi/core#resource' }).kinds,
    ).toHaveLength(1);
    expect(parse({ scheme: 'http://new#', term: 'm', location: '/m/' }).mixins).toHaveLength(1);
    expect(parse({ scheme: 'http://new#', term: 'a', title: 'an action' }).actions).toHaveLength(1);
  });

  it('gives an attribute description the JSON §3.5.1 defaults', () => {
    const mixin = parse({
      mixins: [{ scheme: 'http://new#', term: 'm', location: '/m/', attributes: { 'x.y': {} } }],
    }).mixins[0]!;
    expect(mixin.attributes.get('x.y')).toEqual({
      name: 'x.y',
      type: 'string',
      mutable: false,
      required: false,
    });
  });

  const cases: [string, unknown, string, string][] = [
    [
      'a member that is no category collection',
      { kinds: [], resources: [] },
      '/resources',
      '/resources: unknown member "resources" of a category collection rendering (members: kinds, mixins, actions)',
    ],
    [
      'kinds that are not an array',
      { kinds: {} },
      '/kinds',
      '/kinds: expected an array of kind objects, got an object',
    ],
    [
      'a category without term',
      { mixins: [{ scheme: 'http://new#', location: '/m/' }] },
      '/mixins/0/term',
      '/mixins/0/term: missing; a mixin has a term',
    ],
    [
      'a category without scheme',
      { actions: [{ term: 'a' }] },
      '/actions/0/scheme',
      '/actions/0/scheme: missing; a action has a scheme',
    ],
    [
      'a term that is not a string',
      { kinds: [{ term: 1, scheme: 'x#' }] },
      '/kinds/0/term',
      '/kinds/0/term: expected a string, got a number',
    ],
    [
      'a member of another class',
      { actions: [{ term: 'a', scheme: 'x#', location: '/a/' }] },
      '/actions/0/location',
      '/actions/0/location: unknown member "location" of a action rendering (members: term, scheme, title, attributes)',
    ],
    [
      'a lone kind with a mixin member',
      { term: 'k', scheme: 'x#', parent: 'p', depends: [] },
      '/depends',
      '/depends: a kind has no "depends" member (members: term, scheme, title, attributes, actions, parent, location)',
    ],
    [
      'depends that are not strings',
      { mixins: [{ term: 'm', scheme: 'x#', depends: [1] }] },
      '/mixins/0/depends/0',
      '/mixins/0/depends/0: expected a string, got a number',
    ],
    [
      'an attribute type outside JSON §3.5.1',
      { mixins: [{ term: 'm', scheme: 'x#', attributes: { a: { type: 'integer' } } }] },
      '/mixins/0/attributes/a/type',
      '/mixins/0/attributes/a/type: expected one of string, number, boolean, array, object, got "integer"',
    ],
    [
      'an attribute description with an unknown member',
      { mixins: [{ term: 'm', scheme: 'x#', attributes: { a: { mutable: true, immutable: false } } }] },
      '/mixins/0/attributes/a/immutable',
      '/mixins/0/attributes/a/immutable: unknown member "immutable" of an attribute description — did you mean mutable? (members: mutable, required, type, pattern, default, description)',
    ],
    [
      'a pattern that is not a JSON Schema object',
      { mixins: [{ term: 'm', scheme: 'x#', attributes: { a: { pattern: '\\S+' } } }] },
      '/mixins/0/attributes/a/pattern',
      '/mixins/0/attributes/a/pattern: expected a JSON Schema object, got a string',
    ],
    [
      'a null default',
      { mixins: [{ term: 'm', scheme: 'x#', attributes: { a: { default: null } } }] },
      '/mixins/0/attributes/a/default',
      '/mixins/0/attributes/a/default: expected a number, string, boolean, array or object, got null',
    ],
    [
      'a required flag that is not a boolean',
      { kinds: [{ term: 'k', scheme: 'x#', attributes: { a: { required: 'yes' } } }] },
      '/kinds/0/attributes/a/required',
      '/kinds/0/attributes/a/required: expected a boolean, got a string',
    ],
    [
      'attribute descriptions that are not objects',
      { kinds: [{ term: 'k', scheme: 'x#', attributes: { a: 'string' } }] },
      '/kinds/0/attributes/a',
      '/kinds/0/attributes/a: expected an attribute description object, got a string',
    ],
  ];
  for (const [what, value, pointer, message] of cases) {
    it(`rejects ${what}`, () => expectProblem(error(value), pointer, message));
  }
});

describe('parseActionInvocation', () => {
  const parse = (value: unknown) => jsonRendering.parseActionInvocation(body(value), context);

  it('reads {"action","attributes"} (JSON §3.1.1.1), attributes optional', () => {
    expect(
      parse({ action: REBOOT, attributes: { method: 'hard', 'occi.core.title': 'kept' } }),
    ).toStrictEqual({
      action: REBOOT,
      attributes: { method: 'hard', 'occi.core.title': 'kept' },
    });
    expect(parse({ action: REBOOT })).toStrictEqual({ action: REBOOT, attributes: {} });
  });

  it('rejects an invocation without an action, with another member, or with bad attributes', () => {
    expectProblem(
      failure(() => parse({ attributes: {} })),
      '/action',
      '/action: missing; an action invocation names its action',
    );
    expectProblem(
      failure(() => parse({ action: 3 })),
      '/action',
      '/action: expected a string, got a number',
    );
    expectProblem(
      failure(() => parse({ action: REBOOT, actions: [] })),
      '/actions',
      '/actions: unknown member "actions" of an action invocation rendering — did you mean action? (members: action, attributes)',
    );
    expectProblem(
      failure(() => parse({ action: REBOOT, attributes: { method: [null] } })),
      '/attributes/method/0',
      '/attributes/method/0: expected a number, string, boolean, array or object, got null',
    );
    expectProblem(
      failure(() => parse('"stop"')),
      '',
      '(document): expected an action invocation object, got a string',
    );
  });
});

describe('entities named by location (erocci, MartServer)', () => {
  it('reads a `location` member of an entity in a collection as its location, never writes one', () => {
    const message = jsonRendering.parseEntityCollection(
      {
        headers: {},
        body: JSON.stringify({
          resources: [{ location: 'http://occi.test/compute/c1' }, { location: '/compute/c2' }],
        }),
      },
      { model, baseUrl: 'http://occi.test' },
    );
    expect(message.entities.map((e) => e.location)).toEqual(['/compute/c1', '/compute/c2']);
    const refused = () =>
      jsonRendering.parseEntityCollection(
        { headers: {}, body: JSON.stringify({ resources: [{ location: 7 }] }) },
        { model, baseUrl: 'http://occi.test' },
      );
    expect(refused).toThrowError(/location/);
  });
});
