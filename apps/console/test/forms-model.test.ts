/**
 * What the forms are generated from and checked with, without a browser:
 * template families and mixins grouped from discovery, field text read as
 * the attribute's type and checked with @occi/core's rules (the server's
 * words), routes and the endpoint derived from the console's address.
 */
import { Model } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { consoleUrlOf, endpointOf } from '../src/api/endpoint.js';
import { idOf, mixinChoices, stateAttributeOf } from '../src/model/categories.js';
import { parseValue, readForm } from '../src/model/values.js';
import { parseRoute } from '../src/routes.js';

const S = 'http://example.org/test#';
const model = Model.create([
  {
    name: 'test',
    kinds: [
      {
        scheme: S,
        term: 'vm',
        parent: 'http://schemas.ogf.org/occi/core#resource',
        location: '/vm/',
        attributes: {
          'vm.cores': { type: 'number', mutable: true, pattern: { type: 'integer', minimum: 1 } },
          'vm.size': { type: 'number', mutable: true, required: true },
          'vm.arch': { type: 'string', mutable: true, pattern: { type: 'string', enum: ['x86', 'arm'] } },
          'vm.state': { type: 'string', mutable: false, default: 'off' },
          'vm.tags': { type: 'array', mutable: true },
        },
      },
      { scheme: S, term: 'disk', parent: 'http://schemas.ogf.org/occi/core#resource', location: '/disk/' },
    ],
    mixins: [
      { scheme: S, term: 'image', location: '/image/', applies: [`${S}vm`] },
      {
        scheme: S,
        term: 'debian',
        location: '/image/debian/',
        depends: [`${S}image`],
        applies: [`${S}vm`],
        attributes: { 'vm.size': { type: 'number', mutable: true, required: true, default: 8 } },
      },
      { scheme: S, term: 'ssh', location: '/ssh/', applies: [`${S}vm`] },
      { scheme: S, term: 'backup', location: '/backup/', applies: [`${S}disk`] },
    ],
  },
]);

describe('mixin choices', () => {
  it('groups templates under the mixin they depend on and offers the other mixins that apply to the kind', () => {
    const choices = mixinChoices(model, `${S}vm`);
    expect(choices.families.map((f) => [idOf(f.root), f.templates.map(idOf)])).toEqual([
      [`${S}image`, [`${S}debian`]],
    ]);
    expect(choices.others.map(idOf)).toEqual([`${S}ssh`]);
    expect(mixinChoices(model, `${S}disk`).others.map(idOf)).toEqual([`${S}backup`]);
  });

  it("finds the kind's state attribute", () => {
    expect(stateAttributeOf(model, `${S}vm`)).toBe('vm.state');
    expect(stateAttributeOf(model, `${S}disk`)).toBeUndefined();
  });
});

describe('reading a form', () => {
  const attributes = model.attributes(`${S}vm`);

  it('reads each field as its type and refuses what the server refuses, in its words', () => {
    const read = readForm(
      attributes,
      { 'vm.cores': '0', 'vm.size': 'ten', 'vm.arch': 'mips', 'vm.tags': '["a"]' },
      { creating: true },
    );
    expect(read.errors).toEqual({
      'vm.cores': 'attribute vm.cores: 0 is below the minimum 1',
      'vm.size': 'attribute vm.size: expected a number, got "ten"',
      'vm.arch': expect.stringMatching(/^attribute vm\.arch: .*x86.*arm/),
    });
    expect(read.attributes).toEqual({ 'vm.tags': ['a'] });
  });

  it('asks for a required attribute on create unless a chosen template gives it a default', () => {
    expect(readForm(attributes, {}, { creating: true }).errors).toEqual({
      'vm.size': 'attribute vm.size is required',
    });
    expect(readForm(model.attributes(`${S}vm`, [`${S}debian`]), {}, { creating: true }).errors).toEqual({});
    expect(readForm(attributes, {}, { creating: false }).errors).toEqual({});
  });

  it('takes empty fields as no value and integers as numbers', () => {
    const cores = attributes.get('vm.cores');
    if (!cores) throw new Error('no vm.cores');
    expect(parseValue(cores, '')).toEqual({});
    expect(parseValue(cores, ' 4 ')).toEqual({ value: 4 });
    expect(readForm(attributes, { 'vm.cores': '2.5', 'vm.size': '1' }, { creating: true }).errors).toEqual({
      'vm.cores': expect.stringMatching(/^attribute vm\.cores: .*integer/),
    });
  });
});

describe('routes and endpoint', () => {
  it('reads the page from the fragment', () => {
    expect(parseRoute('#/entity?at=%2Fvm%2F1')).toEqual({ page: 'entity', location: '/vm/1' });
    expect(parseRoute('#/new?kind=k&source=%2Fvm%2F1')).toEqual({ page: 'new', kind: 'k', source: '/vm/1' });
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#main')).toEqual({ page: 'home' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not-found', path: '/nowhere' });
    const list = parseRoute('#/list?collection=k&page=2');
    expect(list.page === 'list' && [list.collection, list.query.get('page')]).toEqual(['k', '2']);
  });

  it('talks to the origin the console came from', () => {
    expect(endpointOf('https://cloud.example.org/console/#/list?collection=x')).toBe(
      'https://cloud.example.org',
    );
    expect(consoleUrlOf('https://cloud.example.org/console/index.html?x=1#/')).toBe(
      'https://cloud.example.org/console/',
    );
  });
});
