import { linkRecord, resourceRecord, storeContract } from '@occi/core/testing';
import { describe, expect, it } from 'vitest';
import { MemoryStore, recordMatches, recordValue, valueMatches } from '../src/index.js';

// The reference the other stores are held to.
storeContract('MemoryStore', { fresh: () => new MemoryStore() });

describe('MemoryStore', () => {
  it('keeps stores apart', async () => {
    const a = new MemoryStore();
    const b = new MemoryStore();
    await a.commit([{ op: 'put', record: resourceRecord('x'), expect: 'absent' }]);
    expect(await b.get('/compute/x')).toBeUndefined();
  });
});

describe('recordValue', () => {
  it('maps occi.core names to the record’s fields and other names to attributes', () => {
    const m = resourceRecord('a', { title: 'T', summary: 'S', attributes: { 'com.example.name': 'a' } });
    expect(recordValue(m, 'occi.core.id')).toBe('urn:uuid:a');
    expect(recordValue(m, 'occi.core.title')).toBe('T');
    expect(recordValue(m, 'occi.core.summary')).toBe('S');
    expect(recordValue(m, 'com.example.name')).toBe('a');
    expect(recordValue(m, 'com.example.none')).toBeUndefined();
    const w = linkRecord('w', resourceRecord('a'), resourceRecord('b'));
    expect(recordValue(w, 'occi.core.source')).toBe('/compute/a');
    expect(recordValue(w, 'occi.core.target')).toBe('/compute/b');
  });
});

describe('valueMatches', () => {
  it('compares JSON values, and text with text when either side is a string', () => {
    expect(valueMatches(4, 4)).toBe(true);
    expect(valueMatches(4, '4')).toBe(true);
    expect(valueMatches('4', 4)).toBe(true);
    expect(valueMatches(true, 'true')).toBe(true);
    expect(valueMatches([1, 2], [1, 2])).toBe(true);
    expect(valueMatches([1, 2], '[1,2]')).toBe(true);
    expect(valueMatches({ a: 1 }, { a: 2 })).toBe(false);
    expect(valueMatches(4, 5)).toBe(false);
    expect(valueMatches(undefined, 'x')).toBe(false);
  });
});

describe('recordMatches', () => {
  it('checks every condition of a query', () => {
    const m = resourceRecord('a', { mixins: ['t'], attributes: { 'com.example.name': 'a' } });
    expect(recordMatches(m, {})).toBe(true);
    expect(recordMatches(m, { kinds: [m.kind], withMixins: ['t'], owner: 'alice' })).toBe(true);
    expect(recordMatches(m, { owner: 'bob' })).toBe(false);
    expect(recordMatches(m, { in: { mixins: ['t'] } })).toBe(true);
    expect(recordMatches(m, { in: { kinds: ['k'] } })).toBe(false);
    expect(recordMatches(m, { source: '/x' })).toBe(false);
    expect(recordMatches(m, { attributes: { 'com.example.name': 'a' } })).toBe(true);
    // offset and limit are the store's business
    expect(recordMatches(m, { offset: 5, limit: 0 })).toBe(true);
  });
});
