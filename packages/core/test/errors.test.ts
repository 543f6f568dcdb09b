import { describe, expect, it } from 'vitest';
import { badRequest, conflict, forbidden, isOcciError, notFound, OcciError } from '../src/index.js';

describe('OcciError', () => {
  it('carries a kind and problems; the message joins the problems', () => {
    const e = new OcciError('bad-request', [
      { code: 'unknown-attribute', message: 'a', attribute: 'x' },
      { code: 'attribute-type', message: 'b' },
    ]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('OcciError');
    expect(e.kind).toBe('bad-request');
    expect(e.message).toBe('a; b');
    expect(e.code).toBe('unknown-attribute');
    expect(e.problems).toHaveLength(2);
  });

  it('takes a single problem too, and falls back to the kind as message', () => {
    expect(new OcciError('conflict', { code: 'duplicate', message: 'dup' }).problems).toEqual([
      { code: 'duplicate', message: 'dup' },
    ]);
    const empty = new OcciError('internal', []);
    expect(empty.message).toBe('internal');
    expect(empty.code).toBe('other');
  });

  it('keeps the cause', () => {
    const cause = new Error('disk');
    expect(new OcciError('unavailable', { code: 'other', message: 'x' }, { cause }).cause).toBe(cause);
  });
});

describe('isOcciError', () => {
  it('tells OcciErrors from other errors and values', () => {
    expect(isOcciError(notFound('x'))).toBe(true);
    expect(isOcciError(new Error('x'))).toBe(false);
    expect(isOcciError({ kind: 'bad-request', problems: [] })).toBe(false);
    expect(isOcciError(undefined)).toBe(false);
  });
});

describe('constructors: typed values the HTTP layer maps without reading messages', () => {
  it('badRequest', () => {
    const e = badRequest('unknown-kind', 'no such kind', { category: 'k' });
    expect(e.kind).toBe('bad-request');
    expect(e.problems).toEqual([{ code: 'unknown-kind', message: 'no such kind', category: 'k' }]);
  });

  it('notFound', () => {
    expect(notFound('gone', { location: '/a' })).toMatchObject({
      kind: 'not-found',
      problems: [{ code: 'not-found', message: 'gone', location: '/a' }],
    });
  });

  it('conflict', () => {
    expect(conflict('action-not-applicable', 'busy')).toMatchObject({
      kind: 'conflict',
      code: 'action-not-applicable',
    });
  });

  it('forbidden', () => {
    expect(forbidden('no')).toMatchObject({ kind: 'forbidden', code: 'forbidden', message: 'no' });
  });
});
