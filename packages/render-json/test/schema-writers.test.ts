/**
 * What a client writes validates against the JSON schema of the document
 * (occi-1.2.schema.json, draft-04), which a validating server (rOCCI 5)
 * applies: every member it requires is written. And what the parser reads
 * that the document does not allow is said in `ParseContext.warnings`.
 */
import type { EntityInput, ParseContext, Problem } from '@occi/core';
import { mixinFromDefinition, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import { BASE_URL, body, context, GOLD, MACHINE, REBOOT, schemaErrors, WIRE } from './helpers.js';

const rendering = jsonRendering;
const written = (payload: { body: string }) => JSON.parse(payload.body) as Record<string, unknown>;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function refusal(fn: () => unknown): OcciError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('a create request has every member the schema requires', () => {
  it('a resource: a fresh urn:uuid id; its inline links their kind, id, source (the id) and target', () => {
    const draft: EntityInput = {
      kind: MACHINE,
      attributes: { 'com.example.cores': 2 },
      links: [{ kind: WIRE, target: { location: '/machine/2', kind: MACHINE } }],
    };
    const resource = written(rendering.writeEntity(draft, context));
    expect(schemaErrors('resource', resource)).toEqual([]);
    expect(resource.id).toMatch(UUID_URN);
    const [link] = resource.links as Record<string, unknown>[];
    expect(link).toEqual({
      kind: WIRE,
      id: expect.stringMatching(UUID_URN),
      source: { location: resource.id, kind: MACHINE },
      target: { location: '/machine/2', kind: MACHINE },
    });
    expect(schemaErrors('resource_collection', { resources: [resource] })).toEqual([]);
  });

  it("an inline link's source is the resource's location when the draft gives it, and its own when it has one", () => {
    const resource = written(
      rendering.writeEntity(
        {
          kind: MACHINE,
          id: 'urn:uuid:1',
          location: '/machine/1',
          links: [
            { kind: WIRE, target: { location: '/machine/2' } },
            { kind: WIRE, id: 'w', source: { location: '/machine/1' }, target: { location: '/machine/3' } },
          ],
        },
        context,
      ),
    );
    expect(schemaErrors('resource', resource)).toEqual([]);
    expect(resource.id).toBe('urn:uuid:1');
    expect((resource.links as { source: unknown }[]).map((l) => l.source)).toEqual([
      { location: '/machine/1', kind: MACHINE },
      { location: '/machine/1' },
    ]);
  });

  it('a link: an id, its source and target', () => {
    const link = written(
      rendering.writeEntity(
        { kind: WIRE, source: { location: '/machine/1' }, target: { location: '/machine/2' } },
        context,
      ),
    );
    expect(schemaErrors('link', link)).toEqual([]);
    expect(link.id).toMatch(UUID_URN);
  });

  it('what cannot be complete is refused, so that a client sends it in another rendering', () => {
    const refused = (draft: EntityInput) => {
      const e = refusal(() => rendering.writeEntity(draft, context));
      expect(e.kind).toBe('bad-request');
      return e.problems;
    };
    expect(refused({ kind: WIRE, target: { location: '/machine/2' } })).toEqual([
      {
        code: 'invalid-link',
        message: 'a link names its source (JSON §3.1.2: multiplicity 1); this one has none',
      },
    ]);
    expect(refused({ kind: MACHINE, links: [{ kind: WIRE }] })).toEqual([
      { code: 'invalid-link', message: 'inline link 1 needs a target location' },
    ]);
    expect(refused({ kind: MACHINE, links: [{ target: { location: '/machine/2' } }] })).toEqual([
      { code: 'missing-kind', message: 'the link to /machine/2 names no kind' },
    ]);
    // A partial update names neither the resource's location nor its id: nothing to give as source.
    expect(refused({ links: [{ kind: WIRE, target: { location: '/machine/2' } }] })).toEqual([
      {
        code: 'invalid-link',
        message:
          "the link to /machine/2: JSON names its source (JSON §3.1.2: multiplicity 1), the resource's location or id, and this request gives the resource neither; give its location or id, or send the request in a text rendering, where inline links name no source",
      },
    ]);
  });

  it('a partial update has only what it names (the schema describes complete entities)', () => {
    expect(written(rendering.writeEntity({ title: 'renamed' }, context))).toEqual({ title: 'renamed' });
    expect(
      written(
        rendering.writeEntity(
          { location: '/machine/1', links: [{ kind: WIRE, target: { location: '/machine/2' } }] },
          context,
        ),
      ),
    ).toEqual({
      links: [
        {
          kind: WIRE,
          id: expect.stringMatching(UUID_URN),
          source: { location: '/machine/1' },
          target: { location: '/machine/2' },
        },
      ],
    });
  });
});

describe('the other requests a client writes validate too', () => {
  it('mixin definitions and references carry a location; one without is refused', () => {
    const blue = mixinFromDefinition({
      scheme: 'http://example.com/my#',
      term: 'blue',
      location: '/my/blue/',
    });
    expect(
      schemaErrors('mixin_collection', written(rendering.writeMixinDefinitions([blue], context))),
    ).toEqual([]);
    expect(
      schemaErrors('mixin_collection', written(rendering.writeMixinReferences([GOLD], context))),
    ).toEqual([]);
    const bare = mixinFromDefinition({ scheme: 'http://example.com/my#', term: 'red' });
    expect(refusal(() => rendering.writeMixinDefinitions([bare], context)).problems).toEqual([
      {
        code: 'invalid-location',
        message:
          'mixin http://example.com/my#red: a JSON mixin names its location (the schema requires it); give one, e.g. /red/, or send the definition in text/plain or text/occi, where the provider chooses one',
        category: 'http://example.com/my#red',
      },
    ]);
    expect(
      refusal(() => rendering.writeMixinReferences(['http://example.com/my#red'], context)),
    ).toMatchObject({
      kind: 'not-found',
      code: 'unknown-mixin',
    });
  });

  it('existing entities: resources by id and kind, links with their source and target', () => {
    const wire = {
      id: 'w',
      kind: WIRE,
      source: { location: '/machine/1' },
      target: { location: '/machine/2' },
    };
    const members = written(rendering.writeEntityCollection([{ id: 'm', kind: MACHINE }, wire], context));
    expect(schemaErrors('model', members)).toEqual([]);
    expect(
      refusal(() => rendering.writeEntityCollection([{ id: 'w', kind: WIRE }], context)).problems,
    ).toEqual([
      {
        code: 'invalid-link',
        message:
          'link w: a JSON link names its source and target (JSON §3.1.2: multiplicity 1), which this reference lacks; name it by location (text/plain, text/occi) or with its source and target',
      },
    ]);
  });

  it('an action invocation', () => {
    const invocation = written(rendering.writeActionInvocation({ action: REBOOT, attributes: {} }, context));
    expect(schemaErrors('action_invocation', invocation)).toEqual([]);
  });
});

describe('links without source or target are invalid; nothing invents "location": ""', () => {
  it('a body with top-level resources and links keeps them apart, each link whole', () => {
    const link = {
      kind: WIRE,
      id: 'w',
      source: { location: '/machine/1' },
      target: { location: '/machine/2' },
    };
    const parsed = rendering.parseEntityCollection(
      body({ resources: [{ kind: MACHINE, id: 'm', links: [link] }], links: [link] }),
      context,
    );
    expect(parsed.entities).toEqual([{ kind: MACHINE, id: 'm', links: [link] }, link]);
    for (const [value, pointer] of [
      [{ links: [{ kind: WIRE, id: 'w', source: { location: '/m' } }] }, '/links/0/target'],
      [{ links: [{ id: 'w' }] }, '/links/0/source'],
      [
        { resources: [{ kind: MACHINE, links: [{ kind: WIRE, target: { location: '/m' } }] }] },
        '/resources/0/links/0/source',
      ],
    ] as const) {
      const e = refusal(() => rendering.parseEntityCollection(body(value), context));
      expect(e.problems[0]?.pointer).toBe(pointer);
    }
  });

  it('the renderer writes no empty location: a link without an end cannot be rendered', () => {
    const e = refusal(() =>
      rendering.renderEntity(
        { id: 'w', kind: WIRE, mixins: [], attributes: {}, target: { location: '/machine/2' } },
        { model: context.model, baseUrl: BASE_URL },
      ),
    );
    expect(e.kind).toBe('internal');
    expect(e.message).toBe('link w has no source, which its rendering needs (JSON §3.1.2)');
    // An inline link held without a source has its resource as source, by id when it has no location.
    const resource = JSON.parse(
      rendering.renderEntity(
        {
          id: 'urn:uuid:m',
          kind: MACHINE,
          mixins: [],
          attributes: {},
          links: [{ id: 'w', kind: WIRE, mixins: [], attributes: {}, target: { location: '/machine/2' } }],
        },
        { model: context.model, baseUrl: BASE_URL },
      ).body,
    ) as { links: { source: unknown }[] };
    expect(resource.links[0]?.source).toEqual({ location: 'urn:uuid:m', kind: MACHINE });
  });
});

describe('warnings (ParseContext.warnings): read, and said', () => {
  const withWarnings = (): ParseContext & { warnings: Problem[] } => ({ ...context, warnings: [] });

  it("relative locations are read against the service root; a reference without '/' may be an id", () => {
    const c = withWarnings();
    const draft = rendering.parseEntity(
      body({ kind: WIRE, source: { location: 'machine/1' }, target: { location: 'urn:uuid:2' } }),
      c,
    );
    expect([draft.source, draft.target]).toEqual([{ location: '/machine/1' }, { location: 'urn:uuid:2' }]);
    const mixins = rendering.parseCategories(
      body({ mixins: [{ scheme: 'http://example.com/my#', term: 'blue', location: 'my/blue/' }] }),
      c,
    ).mixins;
    expect(mixins[0]?.class === 'mixin' && mixins[0].location).toBe('/my/blue/');
    expect(c.warnings).toEqual([
      {
        code: 'relative-location',
        message: `/source/location: "machine/1" is a relative reference, where OCCI renderings write absolute paths or URLs: read as /machine/1, against the service root ${BASE_URL}/`,
        pointer: '/source/location',
        location: '/machine/1',
      },
      {
        code: 'relative-location',
        message: `/mixins/0/location: "my/blue/" is a relative reference, where OCCI renderings write absolute paths or URLs: read as /my/blue/, against the service root ${BASE_URL}/`,
        pointer: '/mixins/0/location',
        location: '/my/blue/',
      },
    ]);
  });

  it("an entity's location member (erocci, MartServer) is read, and said; a failed parse says nothing", () => {
    const c = withWarnings();
    const parsed = rendering.parseEntityCollection(body({ resources: [{ location: '/machine/1' }] }), c);
    expect(parsed.entities).toEqual([{ location: '/machine/1' }]);
    expect(c.warnings).toEqual([
      {
        code: 'non-standard',
        message:
          '/resources/0/location: "location" is not a member of JSON §3.1 (erocci and MartServer send it to name an entity); read as the entity\'s location',
        pointer: '/resources/0/location',
      },
    ]);
    const failed = withWarnings();
    refusal(() =>
      rendering.parseEntityCollection(body({ resources: [{ location: 'a/b', kind: 1 }] }), failed),
    );
    expect(failed.warnings).toEqual([]);
  });
});
