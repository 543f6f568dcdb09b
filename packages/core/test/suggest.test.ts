import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../src/index.js';
import { closest } from '../src/suggest.js';

const names = ['occi.compute.cores', 'occi.compute.memory', 'occi.compute.hostname'];

describe('closest', () => {
  it('finds the closest name within a third of the length', () => {
    expect(closest('occi.compute.core', names)).toBe('occi.compute.cores');
    expect(closest('occi.compute.memroy', names)).toBe('occi.compute.memory');
  });

  it('returns nothing when no candidate is close', () => {
    expect(closest('com.example.size', names)).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  it('allows at least two edits for short names', () => {
    expect(closest('ab', ['xy'])).toBe('xy');
    expect(closest('ab', ['xyz'])).toBeUndefined();
  });

  it('prefers the first of equally close candidates', () => {
    expect(closest('cat', ['bat', 'hat'])).toBe('bat');
  });

  it('an exact candidate is always chosen (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (name, others) => {
        expect(closest(name, [...others.filter((o) => o !== name), name])).toBe(name);
      }),
    );
  });
});

describe('didYouMean', () => {
  it('formats a suggestion or nothing', () => {
    expect(didYouMean('occi.compute.core', names)).toBe(' — did you mean occi.compute.cores?');
    expect(didYouMean('zzz', names)).toBe('');
  });

  it('accepts any iterable', () => {
    expect(didYouMean('ab', new Set(['abc']).values())).toBe(' — did you mean abc?');
  });
});
