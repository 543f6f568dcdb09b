import { describe, expect, it } from 'vitest';
import { MemoryStore, recordMatches, recordValue, valueMatches } from '../src/index.js';
import { describeStoreContract, machineRecord, wireRecord } from './store-contract.js';

describeStoreContract('MemoryStore', () => new MemoryStore());

describe('MemoryStore', () => {
  it('keeps stores apart', async () => {
    const a = new MemoryStore();
    const b = new MemoryStore();
    await a.commit([{ op: 'put', record: machineRecord('x'), expect: 'absent' }]);
    expect(await b.get('/machine/x')).toBeUndefined();
  });
});

describe('recordValue', () => {
  it('maps occi.core names to the record’s fields and other names to attributes', () => {
    const m = machineRecord('a');
    m.entity.title = 'T';
    m.entity.summary = 'S';
    expect(recordValue(m, 'occi.core.id')).toBe('urn:uuid:a');
    expect(recordValue(m, 'occi.core.title')).toBe('T');
    expect(recordValue(m, 'occi.core.summary')).toBe('S');
    expect(recordValue(m, 'com.example.name')).toBe('a');
    expect(recordValue(m, 'com.example.none')).toBeUndefined();
    const w = wireRecord('w', 'a', 'b');
    expect(recordValue(w, 'occi.core.source')).toBe('/machine/a');
    expect(recordValue(w, 'occi.core.target')).toBe('/machine/b');
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
    const m = machineRecord('a', { mixins: ['t'] });
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
