import { describe, expect, it } from 'vitest';
import {
  applyAddedTemplates,
  checkExclusiveTemplates,
  type Extension,
  Model,
  replaceTemplates,
  resolveDefaults,
} from '../src/index.js';
import { EX, exampleExtension, LARGE, MACHINE, SIZE_TPL, SMALL, TAG } from './fixtures/example-extension.js';

const OS_TPL = `${EX}os_tpl`;
const DEBIAN = 'http://example.com/occi/os#debian';
const ALPINE = 'http://example.com/occi/os#alpine';
const FEATURE = `${EX}feature`;
const FAST = `${EX}fast`;
const SAFE = `${EX}safe`;

const os: Extension = {
  name: 'os',
  kinds: [],
  mixins: [
    { scheme: EX, term: 'os_tpl', location: '/os_tpl/', applies: [MACHINE] },
    {
      scheme: 'http://example.com/occi/os#',
      term: 'debian',
      depends: [OS_TPL],
      location: '/os/debian/',
      attributes: { 'com.example.image': { type: 'string', mutable: true, default: 'debian-12' } },
    },
    {
      scheme: 'http://example.com/occi/os#',
      term: 'alpine',
      depends: [OS_TPL],
      location: '/os/alpine/',
      attributes: {
        'com.example.image': { type: 'string', mutable: true, default: 'alpine-3' },
        'com.example.name': { type: 'string', default: 'alpine-box' },
      },
    },
    { scheme: EX, term: 'feature', location: '/feature/' },
    {
      scheme: EX,
      term: 'fast',
      depends: [FEATURE],
      location: '/fast/',
      attributes: { 'com.example.cores': { type: 'number', default: 4 } },
    },
    { scheme: EX, term: 'safe', depends: [FEATURE], location: '/safe/' },
  ],
  templates: [
    // Core §5.3.7 leaves repeated assignment to the extension: OS templates replace each other
    // but only fill gaps; features stack.
    { mixin: OS_TPL, exclusive: true, overrides: false },
    { mixin: FEATURE, exclusive: false, overrides: false },
  ],
};
const model = Model.create([exampleExtension, os]);

describe('resolveDefaults (Core §5.3.7: kind defaults < mixin defaults < client values)', () => {
  it('starts from the kind defaults', () => {
    expect(resolveDefaults(model, MACHINE, [], {})).toEqual({ 'com.example.cores': 1 });
  });

  it('a mixin default overrides the kind default', () => {
    expect(resolveDefaults(model, MACHINE, [FAST], {})).toEqual({ 'com.example.cores': 4 });
    expect(resolveDefaults(model, MACHINE, [DEBIAN], {})).toEqual({
      'com.example.cores': 1,
      'com.example.image': 'debian-12',
    });
  });

  it('a client value overrides both', () => {
    expect(resolveDefaults(model, MACHINE, [FAST], { 'com.example.cores': 16 })).toEqual({
      'com.example.cores': 16,
    });
    expect(resolveDefaults(model, MACHINE, [ALPINE], { 'com.example.name': 'mine' })).toMatchObject({
      'com.example.name': 'mine',
      'com.example.image': 'alpine-3',
    });
  });

  it('a template of an overriding family sets its values over the client’s (resource templates)', () => {
    expect(resolveDefaults(model, MACHINE, [SMALL], { 'com.example.cores': 16 })).toEqual({
      'com.example.cores': 2,
    });
  });

  it('never fills occi.core.* model attributes and keeps unknown client values for validation to report', () => {
    const values = resolveDefaults(model, MACHINE, [], { 'org.other': 1 });
    expect(values).toEqual({ 'com.example.cores': 1, 'org.other': 1 });
    expect(Object.keys(values).some((k) => k.startsWith('occi.core.'))).toBe(false);
  });

  it('does not change the client values it is given', () => {
    const client = { 'com.example.cores': 3 };
    resolveDefaults(model, MACHINE, [SMALL], client);
    expect(client).toEqual({ 'com.example.cores': 3 });
  });
});

describe('applyAddedTemplates (templates associated after creation)', () => {
  it('fills only attributes without a value for a non-overriding template', () => {
    expect(applyAddedTemplates(model, [ALPINE], { 'com.example.name': 'kept' })).toEqual({
      'com.example.name': 'kept',
      'com.example.image': 'alpine-3',
    });
  });

  it('sets the values of an overriding template', () => {
    expect(applyAddedTemplates(model, [LARGE], { 'com.example.cores': 2 })).toEqual({
      'com.example.cores': 8,
    });
  });

  it('leaves values alone for a tag', () => {
    expect(applyAddedTemplates(model, [TAG], { a: 1 })).toEqual({ a: 1 });
  });
});

describe('replaceTemplates (Core §5.3.7: repeated assignment of a template family)', () => {
  it('a template of an exclusive family replaces the one the entity has', () => {
    expect(replaceTemplates(model, [SMALL, TAG], [LARGE])).toEqual([TAG, LARGE]);
    expect(replaceTemplates(model, [DEBIAN, SMALL], [ALPINE])).toEqual([SMALL, ALPINE]);
  });

  it('templates of a non-exclusive family stack', () => {
    expect(replaceTemplates(model, [FAST], [SAFE])).toEqual([FAST, SAFE]);
  });

  it('adding a template the entity has is a no-op, and other mixins are appended once', () => {
    expect(replaceTemplates(model, [SMALL], [SMALL])).toEqual([SMALL]);
    expect(replaceTemplates(model, [], [TAG, TAG])).toEqual([TAG]);
  });

  it('the family mixin itself is not a template of its family', () => {
    expect(replaceTemplates(model, [SMALL], [SIZE_TPL])).toEqual([SMALL, SIZE_TPL]);
  });
});

describe('checkExclusiveTemplates', () => {
  it('allows one template per exclusive family', () => {
    expect(checkExclusiveTemplates(model, [SMALL, DEBIAN, FAST, SAFE, TAG])).toEqual([]);
    expect(checkExclusiveTemplates(model, [SMALL, SMALL])).toEqual([]);
  });

  it('reports two templates of one exclusive family as duplicate', () => {
    expect(checkExclusiveTemplates(model, [SMALL, LARGE])).toEqual([
      {
        code: 'duplicate',
        message: `${SMALL} and ${LARGE} are both ${SIZE_TPL} templates; an entity takes at most one`,
        category: LARGE,
      },
    ]);
  });
});
