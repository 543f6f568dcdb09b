import type { Entity } from '@occi/core';
import { OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { uriList } from '../src/index.js';
import { BASE, context, occiError, VM } from './helpers.js';

const entities: Entity[] = [
  { id: 'a', kind: VM, mixins: [], attributes: {}, location: '/vm/a' },
  { id: 'b', kind: VM, mixins: [], attributes: {}, location: '/vm/b c' },
];

describe('text/uri-list (GFD.229 §8)', () => {
  it('renders a listing: one absolute URL per line, CRLF', () => {
    expect(uriList.renderEntityCollection(entities, context)).toEqual({
      headers: {},
      body: `${BASE}/vm/a\r\n${BASE}/vm/b%20c\r\n`,
    });
    expect(uriList.renderEntityCollection([], context).body).toBe('');
  });

  it('reads a listing, skipping comments and blank lines, turning URLs under the base into paths', () => {
    const body = `# a comment\r\n${BASE}/vm/a\r\n\r\n/vm/b\nhttp://other.example/x\n`;
    expect(uriList.parseEntityCollection({ headers: {}, body }, context)).toEqual({
      entities: [],
      locations: ['/vm/a', '/vm/b', 'http://other.example/x'],
    });
    expect(
      occiError(() => uriList.parseEntityCollection({ headers: {}, body: '/a\n/b c' }, context)).message,
    ).toBe('line 2: "/b c" is not a URI reference');
  });

  it('answers 400 (bad-request) for anything that is not a listing', () => {
    const calls: (() => unknown)[] = [
      () => uriList.renderEntity(entities[0]!, context),
      () => uriList.renderCategories({ kinds: [], mixins: [], actions: [] }, context),
      () => uriList.parseEntity({ headers: {}, body: '' }, context),
      () => uriList.parseCategories({ headers: {}, body: '' }, context),
      () => uriList.parseActionInvocation({ headers: {}, body: '' }, context),
    ];
    for (const call of calls) {
      const error = occiError(call);
      expect(error).toBeInstanceOf(OcciError);
      expect(error.kind).toBe('bad-request');
      expect(error.code).toBe('other');
      expect(error.message).toMatch(
        /^text\/uri-list can only render listings; use text\/plain or text\/occi/,
      );
    }
  });

  it('renders errors as plain text and declares what it renders', () => {
    expect(uriList.renderError({ status: 400, message: 'bad', problems: [] }, context).body).toBe('bad\r\n');
    expect(uriList.mediaTypes).toEqual(['text/uri-list']);
    expect(uriList.renders).toEqual(['entity-collection']);
  });
});
