import type { RenderContext } from '@occi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import { actionInvocation, categoryCollection, draftOf, link, resource } from './arbitraries.js';
import { BASE_URL, context, schemaErrors } from './helpers.js';

const rc: RenderContext = context;

describe('render → parse identity', () => {
  it('gives back every resource, with its inline links, as the draft a client would send', () => {
    fc.assert(
      fc.property(resource, (entity) => {
        const payload = jsonRendering.renderEntity(entity, rc);
        expect(schemaErrors('resource', JSON.parse(payload.body))).toEqual([]);
        expect(jsonRendering.parseEntity(payload, context)).toStrictEqual(draftOf(entity));
      }),
      { numRuns: 300 },
    );
  });

  it('gives back every link', () => {
    fc.assert(
      fc.property(link, (entity) => {
        const payload = jsonRendering.renderEntity(entity, rc);
        expect(schemaErrors('link', JSON.parse(payload.body))).toEqual([]);
        expect(jsonRendering.parseEntity(payload, context)).toStrictEqual(draftOf(entity));
      }),
      { numRuns: 300 },
    );
  });

  it('gives back entity collections, resources first', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(resource, link), { maxLength: 5 }), (entities) => {
        const payload = jsonRendering.renderEntityCollection(entities, rc);
        expect(schemaErrors('model', JSON.parse(payload.body))).toEqual([]);
        const ordered = [
          ...entities.filter((e) => e.source === undefined),
          ...entities.filter((e) => e.source !== undefined),
        ];
        expect(jsonRendering.parseEntityCollection(payload, context)).toStrictEqual({
          entities: ordered.map(draftOf),
          locations: [],
        });
      }),
      { numRuns: 200 },
    );
  });

  it('gives back category collections exactly', () => {
    fc.assert(
      fc.property(categoryCollection(), (categories) => {
        const payload = jsonRendering.renderCategories(categories, rc);
        expect(jsonRendering.parseCategories(payload, context)).toStrictEqual(categories);
      }),
      { numRuns: 300 },
    );
  });

  it('renders category collections the schema accepts when defaults are scalars (spec README erratum 3)', () => {
    fc.assert(
      fc.property(categoryCollection(true), (categories) => {
        const document = JSON.parse(jsonRendering.renderCategories(categories, rc).body);
        expect(schemaErrors('model', document)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back action invocations', () => {
    fc.assert(
      fc.property(actionInvocation, (invocation) => {
        const payload = jsonRendering.renderActionInvocation(invocation, rc);
        expect(schemaErrors('action_invocation', JSON.parse(payload.body))).toEqual([]);
        expect(jsonRendering.parseActionInvocation(payload, context)).toStrictEqual(invocation);
      }),
      { numRuns: 300 },
    );
  });

  it('renders locations under the base URL as paths, which parse back as paths', () => {
    fc.assert(
      fc.property(link, (entity) => {
        const absolute = { ...entity, target: { ...entity.target!, location: `${BASE_URL}/machine/x` } };
        const draft = jsonRendering.parseEntity(jsonRendering.renderEntity(absolute, rc), context);
        expect(draft.target!.location).toBe('/machine/x');
      }),
      { numRuns: 50 },
    );
  });
});
