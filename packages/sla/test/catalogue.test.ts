import { Model, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_TERM_MIXIN,
  AGREEMENT_TPL_MIXIN,
  type SlaCatalogueDefinition,
  sla,
  slaTemplateCatalogue,
  slaTemplateCatalogueExample,
} from '../src/index.js';

const minimal = (): SlaCatalogueDefinition => ({
  name: 'acme-sla',
  templateScheme: 'http://acme.example/sla/tpl#',
  termScheme: 'http://acme.example/sla/term#',
  terms: [{ term: 'uptime', type: 'SLO-TERM', desc: 'Uptime per month', remedy: '5% credit' }],
  templates: [{ term: 'bronze', title: 'Bronze SLA', terms: ['uptime'] }],
});

function refusal(definition: unknown): OcciError {
  try {
    slaTemplateCatalogue(definition as SlaCatalogueDefinition);
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected the catalogue to be refused');
}

describe('slaTemplateCatalogue', () => {
  it('builds provider template and term mixins with default locations', () => {
    const extension = slaTemplateCatalogue(minimal());
    expect(extension.name).toBe('acme-sla');
    expect(extension.specification).toBeUndefined();
    expect(extension.mixins).toEqual([
      expect.objectContaining({
        scheme: 'http://acme.example/sla/term#',
        term: 'uptime',
        depends: [AGREEMENT_TERM_MIXIN],
        location: '/mixin/acme-sla/term/uptime/',
      }),
      expect.objectContaining({
        scheme: 'http://acme.example/sla/tpl#',
        term: 'bronze',
        title: 'Bronze SLA',
        depends: [AGREEMENT_TPL_MIXIN, 'http://acme.example/sla/term#uptime'],
        location: '/mixin/acme-sla/tpl/bronze/',
      }),
    ]);
    const model = Model.create([sla, extension]);
    expect(
      model.mixin('http://acme.example/sla/term#uptime')!.attributes.get('uptime.term.remedy')!.default,
    ).toBe('5% credit');
  });

  it('loads the example catalogue', () => {
    expect(slaTemplateCatalogue(slaTemplateCatalogueExample).mixins).toHaveLength(4);
  });

  it('refuses what is not an object', () => {
    expect(refusal([]).message).toBe(
      'SLA catalogue /: a catalogue definition must be an object, got an array',
    );
    expect(refusal(null).kind).toBe('bad-request');
  });

  it('refuses a scheme under schemas.ogf.org', () => {
    const error = refusal({ ...minimal(), templateScheme: 'http://schemas.ogf.org/occi/sla#' });
    expect(error.problems[0]).toMatchObject({ code: 'reserved-scheme', pointer: '/templateScheme' });
    expect(error.message).toContain('reserved http://schemas.ogf.org/occi/');
  });

  it('refuses a scheme that does not end in #', () => {
    const error = refusal({ ...minimal(), termScheme: 'http://acme.example/sla/term' });
    expect(error.message).toBe(
      'SLA catalogue /termScheme: "http://acme.example/sla/term" is not a URI ending in "#"',
    );
  });

  it('names missing fields and suggests the intended name of unknown ones', () => {
    const { name: _name, templates, ...rest } = minimal();
    const error = refusal({ ...rest, templtes: templates });
    const messages = error.problems.map((p) => p.message);
    expect(messages).toContain('SLA catalogue /templtes: unknown field "templtes" — did you mean templates?');
    expect(messages).toContain('SLA catalogue /name: "name" is required');
    expect(messages).toContain('SLA catalogue /templates: "templates" is required');
  });

  it('refuses a term type outside table 4, suggesting the right one', () => {
    const definition = minimal();
    definition.terms![0]!.type = 'SLO_TERM' as 'SLO-TERM';
    const error = refusal(definition);
    expect(error.problems[0]).toMatchObject({ pointer: '/terms/0/type' });
    expect(error.message).toContain(
      '"SLO_TERM" is not one of SERVICE-TERM, SLO-TERM, n/a — did you mean SLO-TERM?',
    );
  });

  it('refuses a template naming an unknown term', () => {
    const definition = minimal();
    definition.templates[0]!.terms = ['uptme'];
    expect(refusal(definition).message).toBe(
      'SLA catalogue /templates/0/terms/0: "uptme" is not a term of this catalogue — did you mean uptime?',
    );
  });

  it('refuses duplicates and invalid terms', () => {
    const definition = minimal();
    definition.templates.push({ term: 'bronze' }, { term: 'not valid' });
    const messages = refusal(definition).problems.map((p) => p.message);
    expect(messages).toEqual([
      'SLA catalogue /templates/1/term: template "bronze" is defined twice',
      'SLA catalogue /templates/2/term: "not valid" is not a valid term (letters, digits, "-", "_", ".")',
    ]);
  });

  it('refuses redefining a table 4 attribute of a term', () => {
    const definition = minimal();
    definition.terms![0]!.attributes = { 'uptime.term.state': { type: 'string', default: 'Fulfilled' } };
    expect(refusal(definition).problems[0]).toMatchObject({
      pointer: '/terms/0/attributes/uptime.term.state',
    });
  });

  it('requires a term scheme when there are terms', () => {
    const { termScheme: _t, ...rest } = minimal();
    expect(refusal(rest).message).toContain('/termScheme: "termScheme" is required');
  });

  it('reports what the model refuses: occi. attributes, bad defaults, taken locations', () => {
    const definition = minimal();
    definition.templates[0]!.attributes = {
      'occi.sla.tier': { type: 'string' },
      'acme.discount': { type: 'number', default: 'ten' },
    };
    definition.templates.push({ term: 'iron', location: '/mixin/sla/agreement_tpl/' });
    const error = refusal(definition);
    expect(error.kind).toBe('bad-request');
    const codes = error.problems.map((p) => p.code);
    expect(codes).toContain('reserved-namespace');
    const messages = error.problems.map((p) => p.message).join('\n');
    expect(messages).toContain('SLA catalogue acme-sla:');
    expect(messages).toContain('default of attribute "acme.discount": expected number');
    expect(messages).toContain('already bound to http://schemas.ogf.org/occi/sla#agreement_tpl');
  });
});
