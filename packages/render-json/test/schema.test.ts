import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { occiJsonSchema } from '../src/index.js';
import { fixture, schemaErrors } from './helpers.js';

/** The shared specification copy beside the repository (`../shared/spec`), where there is one. */
const SHARED = fileURLToPath(new URL('../../../../shared/spec/occi-1.2.schema.json', import.meta.url));

describe('occiJsonSchema', () => {
  it('is the schema of the JSON rendering appendix, as fixed in the spec README', () => {
    expect(occiJsonSchema).toEqual(JSON.parse(fixture('occi-1.2.schema.json')));
  });

  it.skipIf(!existsSync(SHARED))('has not drifted from the shared spec copy', () => {
    expect(occiJsonSchema).toEqual(JSON.parse(readFileSync(SHARED, 'utf8')));
  });

  it('compiles under draft-04 and tells valid from invalid documents', () => {
    expect(schemaErrors('resource', { kind: 'k', id: 'i' })).toEqual([]);
    expect(schemaErrors('resource', { kind: 'k' })).not.toEqual([]);
    expect(
      schemaErrors('link', { kind: 'k', id: 'i', source: { location: '/a' }, target: { location: '/b' } }),
    ).toEqual([]);
    expect(schemaErrors('link', { kind: 'k', id: 'i', source: { location: '/a' } })).not.toEqual([]);
  });
});
