import { describe, expect, it } from 'vitest';
import { type Extension, Model } from '../src/index.js';
import {
  applyAddedTemplates,
  checkExclusiveTemplates,
  replaceTemplates,
  resolveDefaults,
} from '../src/templates.js';
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
    expect(applyAddedTemplates(model, MACHINE, [ALPINE], { 'com.example.name': 'kept' })).toEqual({
      'com.example.name': 'kept',
      'com.example.image': 'alpine-3',
    });
  });

  it('sets the values of an overriding template', () => {
    expect(applyAddedTemplates(model, MACHINE, [LARGE], { 'com.example.cores': 2 })).toEqual({
      'com.example.cores': 8,
    });
  });

  it("prefers the template's own default to those of the mixins it depends on", () => {
    const layered = Model.create([
      {
        name: 'layered',
        kinds: [
          { scheme: EX, term: 'box', parent: 'http://schemas.ogf.org/occi/core#resource', location: '/box/' },
        ],
        mixins: [
          {
            scheme: EX,
            term: 'base_tpl',
            location: '/base_tpl/',
            attributes: { 'com.example.level': { type: 'number', mutable: true, default: 1 } },
          },
          {
            scheme: EX,
            term: 'gold',
            depends: [`${EX}base_tpl`],
            location: '/gold/',
            attributes: { 'com.example.level': { type: 'number', default: 3 } },
          },
        ],
      },
    ]);
    expect(applyAddedTemplates(layered, `${EX}box`, [`${EX}gold`], {})).toEqual({ 'com.example.level': 3 });
  });

  it("an overriding template sets only the kind's attributes; attributes it introduces stay defaults", () => {
    const sized = Model.create([
      {
        name: 'sized',
        kinds: [
          {
            scheme: EX,
            term: 'vm',
            parent: 'http://schemas.ogf.org/occi/core#resource',
            location: '/vm/',
            attributes: { 'com.example.cpus': { type: 'number', mutable: true } },
          },
        ],
        mixins: [
          { scheme: EX, term: 'size', location: '/size/' },
          {
            scheme: EX,
            term: 'big',
            depends: [`${EX}size`],
            location: '/big/',
            attributes: {
              'com.example.cpus': { type: 'number', default: 8 },
              'com.example.disk': { type: 'string', mutable: true, default: '/dev/vdb' },
            },
          },
        ],
        templates: [{ mixin: `${EX}size`, exclusive: true, overrides: true }],
      },
    ]);
    expect(
      resolveDefaults(sized, `${EX}vm`, [`${EX}big`], {
        'com.example.cpus': 1,
        'com.example.disk': '/dev/sdc',
      }),
    ).toEqual({
      'com.example.cpus': 8,
      'com.example.disk': '/dev/sdc',
    });
  });

  it('leaves values alone for a tag', () => {
    expect(applyAddedTemplates(model, MACHINE, [TAG], { a: 1 })).toEqual({ a: 1 });
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
