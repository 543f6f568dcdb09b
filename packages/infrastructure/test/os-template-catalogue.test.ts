import { categoryDefinition, Model, type OcciError, TERM_PATTERN } from '@occi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPUTE_KIND,
  DEFAULT_OS_TEMPLATES,
  infrastructure,
  OS_TPL,
  type OsTemplateDefinition,
  osTemplateCatalogue,
  osTemplates,
} from '../src/index.js';
import { termFromName } from '../src/save-action.js';

function failure(run: () => unknown): OcciError {
  try {
    run();
  } catch (error) {
    return error as OcciError;
  }
  throw new Error('expected an error');
}

describe('the default catalogue', () => {
  const model = Model.create([infrastructure, osTemplates]);

  it('offers debian-12, ubuntu-24.04 and alpine-3.20 under the provider scheme', () => {
    const templates = model.mixins().filter((m) => m.depends.includes(OS_TPL));
    expect(templates.map((m) => [m.scheme + m.term, m.title, m.location])).toEqual([
      ['http://occi.example/os_tpl#debian-12', 'Debian GNU/Linux 12 (bookworm)', '/os_tpl/debian-12/'],
      ['http://occi.example/os_tpl#ubuntu-24.04', 'Ubuntu 24.04 LTS (Noble Numbat)', '/os_tpl/ubuntu-24.04/'],
      ['http://occi.example/os_tpl#alpine-3.20', 'Alpine Linux 3.20', '/os_tpl/alpine-3.20/'],
    ]);
    for (const m of templates) expect(m.applies).toEqual([COMPUTE_KIND]);
  });

  it("Core §5.3.2: discovery shows Compute's architecture properties, which the server enforces", () => {
    const compute = model.kind(COMPUTE_KIND)!.attributes.get('occi.compute.architecture')!;
    for (const m of osTemplates.mixins ?? []) {
      // The documents state them too (they are what `Model.documents` gives out).
      expect(m.attributes?.['occi.compute.architecture']).toEqual({
        type: 'string',
        mutable: true,
        required: false,
        default: 'x64',
      });
      const id = m.scheme + m.term;
      const rendered = categoryDefinition(model.mixin(id)!).attributes?.['occi.compute.architecture'];
      const enforced = model.attributes(COMPUTE_KIND, [id]).get('occi.compute.architecture')!;
      expect(rendered).toMatchObject({
        type: enforced.type,
        mutable: enforced.mutable,
        required: enforced.required,
      });
      expect(enforced).toMatchObject({
        type: compute.type,
        mutable: true,
        required: compute.required,
        default: 'x64',
      });
    }
  });

  it('is not a specification extension and stays outside schemas.ogf.org', () => {
    expect(osTemplates.specification).toBeUndefined();
    expect(osTemplates.name).toBe('os-templates');
    for (const m of osTemplates.mixins ?? []) expect(m.scheme).not.toMatch(/^http:\/\/schemas\.ogf\.org\//);
  });

  it('defaults the architecture to x64 through the template', () => {
    const attributes = model.attributes(COMPUTE_KIND, ['http://occi.example/os_tpl#debian-12']);
    expect(attributes.get('occi.compute.architecture')).toMatchObject({ default: 'x64', mutable: true });
  });
});

describe('osTemplateCatalogue', () => {
  it('builds a catalogue that replaces the default one', () => {
    const mine = osTemplateCatalogue(
      [
        {
          term: 'rocky-9',
          title: 'Rocky Linux 9',
          attributes: { 'org.example.image': { type: 'string', default: 'img-9' } },
        },
      ],
      { scheme: 'https://cloud.example.org/os#', locationBase: '/images/' },
    );
    const model = Model.create([infrastructure, mine]);
    const rocky = model.mixin('https://cloud.example.org/os#rocky-9');
    expect(rocky).toMatchObject({ title: 'Rocky Linux 9', location: '/images/rocky-9/', depends: [OS_TPL] });
    expect(model.mixin('http://occi.example/os_tpl#debian-12')).toBeUndefined();
    // Two catalogues of the same name cannot be loaded together.
    expect(() => Model.create([infrastructure, osTemplates, mine])).toThrow(/loaded twice/);
  });

  it('accepts an explicit location and copies its input', () => {
    const input: OsTemplateDefinition[] = [{ term: 'x', title: 'X', location: '/somewhere/x/' }];
    const ext = osTemplateCatalogue(input);
    input[0]!.title = 'changed';
    expect(ext.mixins?.[0]).toMatchObject({ title: 'X', location: '/somewhere/x/' });
    expect(osTemplateCatalogue([])).toMatchObject({ name: 'os-templates', mixins: [] });
  });

  it('lists every mistake with a pointer into the configuration', () => {
    const error = failure(() =>
      osTemplateCatalogue([
        { term: 'bad term', title: 'Bad' },
        { term: 'ok', title: '' },
        { term: 'ok', title: 'Again' },
        { term: 'loc', title: 'Loc', location: 'relative/' },
        { term: 'typo', title: 'Typo', tittle: 'x' } as unknown as OsTemplateDefinition,
        'debian' as unknown as OsTemplateDefinition,
      ]),
    );
    expect(error).toMatchObject({ name: 'OcciError', kind: 'bad-request' });
    expect(error.problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/0/term', 'invalid-extension'],
      ['/1/title', 'invalid-extension'],
      ['/2/term', 'invalid-extension'],
      ['/3/location', 'invalid-location'],
      ['/4/tittle', 'invalid-extension'],
      ['/5', 'invalid-extension'],
    ]);
    expect(error.problems[2]?.message).toBe('OS template 2: term "ok" is listed twice');
    expect(error.problems[4]?.message).toBe('OS template 4: unknown property "tittle" — did you mean title?');
  });

  it('refuses a list that is not one, reserved schemes and new occi. attributes', () => {
    expect(failure(() => osTemplateCatalogue({} as unknown as OsTemplateDefinition[])).message).toMatch(
      /expected a list/,
    );
    expect(
      failure(() => osTemplateCatalogue([], { scheme: 'http://schemas.ogf.org/occi/infrastructure/os#' }))
        .code,
    ).toBe('reserved-scheme');
    const reserved = failure(() =>
      osTemplateCatalogue([
        { term: 'a', title: 'A', attributes: { 'occi.compute.flavour': { type: 'string' } } },
      ]),
    );
    expect(reserved.code).toBe('reserved-namespace');
    expect(reserved.message).toContain('occi.compute.flavour');
  });

  it('refuses a location already bound, and a wrong default', () => {
    expect(
      failure(() => osTemplateCatalogue([{ term: 'a', title: 'A', location: '/compute/' }])).message,
    ).toMatch(/already bound to http:\/\/schemas.ogf.org\/occi\/infrastructure#compute/);
    const wrong = failure(() =>
      osTemplateCatalogue([
        {
          term: 'a',
          title: 'A',
          attributes: { 'occi.compute.architecture': { type: 'string', default: 7 } },
        },
      ]),
    );
    expect(wrong.message).toMatch(/default of attribute "occi.compute.architecture"/);
  });

  it('reports malformed attribute definitions as an OcciError, never another exception', () => {
    const malformed = failure(() =>
      osTemplateCatalogue([
        {
          term: 'a',
          title: 'A',
          attributes: {
            'org.example.x': { type: 'string', default: 'x', pattern: { enum: 'x' as unknown as string[] } },
          },
        },
      ]),
    );
    expect(malformed).toMatchObject({ name: 'OcciError', kind: 'bad-request', code: 'invalid-extension' });
    expect(malformed.message).toMatch(/attribute "org.example.x": pattern enum must be a non-empty list/);
    const notCloneable = failure(() =>
      osTemplateCatalogue([{ term: 'a', title: 'A', attributes: { f: (() => 1) as unknown as object } }]),
    );
    expect(notCloneable).toMatchObject({ name: 'OcciError', kind: 'bad-request' });
  });

  it('Core §5.3.2: refuses a template changing the mutability or type of a Compute attribute', () => {
    const changed = failure(() =>
      osTemplateCatalogue([
        {
          term: 'a',
          title: 'A',
          attributes: { 'occi.compute.architecture': { mutable: false, default: 'x86' } },
        },
      ]),
    );
    expect(changed.problems).toEqual([
      {
        code: 'invalid-extension',
        message: `mixin "http://occi.example/os_tpl#a": attribute occi.compute.architecture is immutable, but ${COMPUTE_KIND} defines it mutable; a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`,
        category: 'http://occi.example/os_tpl#a',
        attribute: 'occi.compute.architecture',
      },
    ]);
    // Compute's pattern holds for a template's default too.
    expect(
      failure(() =>
        osTemplateCatalogue([
          { term: 'a', title: 'A', attributes: { 'occi.compute.architecture': { default: 'arm64' } } },
        ]),
      ).message,
    ).toBe(
      `mixin "http://occi.example/os_tpl#a": default of attribute occi.compute.architecture: "arm64" is not one of "x86", "x64", as ${COMPUTE_KIND} defines it (an inherited pattern holds too)`,
    );
  });

  it('keeps the default definitions in the exported list', () => {
    expect(DEFAULT_OS_TEMPLATES.map((d) => d.term)).toEqual(['debian-12', 'ubuntu-24.04', 'alpine-3.20']);
  });
});

describe('termFromName (save)', () => {
  it('always yields a valid term, or nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const term = termFromName(name);
        return term === undefined || (TERM_PATTERN.test(term) && term.length <= 64);
      }),
    );
  });

  it('turns a name into a term', () => {
    expect(termFromName('golden')).toBe('golden');
    expect(termFromName('My Image 1')).toBe('My-Image-1');
    expect(termFromName('  --ubuntu 24.04 (patched)!')).toBe('ubuntu-24.04-patched');
    expect(termFromName('Ünïcödé')).toBe('Unicode');
    expect(termFromName('!!!')).toBeUndefined();
    expect(termFromName('a'.repeat(100))).toHaveLength(64);
  });
});
