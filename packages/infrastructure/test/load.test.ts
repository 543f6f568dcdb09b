import { Model } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { infrastructure, osTemplates } from '../src/index.js';

describe('loading', () => {
  it('loads', () => {
    const model = Model.create([infrastructure, osTemplates]);
    expect(model.kinds().length).toBe(8);
  });
});
