/**
 * SLA §3.3 OCCI Service Level Agreement example: a provider's catalogue of
 * SLA templates (depending on `sla#agreement_tpl`) and agreement terms
 * (depending on `sla#agreement_term`), built from plain configuration and
 * checked before it reaches the model.
 */
import type { AttributeSpec, Extension, MixinDefinition, Problem } from '@occi/core';
import {
  coreExtension,
  didYouMean,
  isSpecScheme,
  OcciError,
  TERM_PATTERN,
  validateExtensions,
} from '@occi/core';
import { agreementTermAttributes, termAttributeNames } from './agreement-term.js';
import {
  AGREEMENT_KIND,
  AGREEMENT_TERM_MIXIN,
  AGREEMENT_TPL_MIXIN,
  TERM_TYPES,
  type TermType,
} from './identifiers.js';
import { sla } from './sla.js';

/** A provider term (SLA §3.1.2): its mixin depends on `sla#agreement_term`. */
export interface AgreementTermDefinition {
  /** The mixin's term, and the `{term_name}` of its `.term.*` attributes. */
  term: string;
  title?: string;
  /** `{term}.term.type`. */
  type: TermType;
  /** Default of `{term}.term.desc`. */
  desc?: string;
  /** Default of `{term}.term.remedy`. */
  remedy?: string;
  /** Further provider attributes of the term, e.g. `availability.percentage`. */
  attributes?: Record<string, AttributeSpec>;
  /** Defaults to `/mixin/<catalogue name>/term/<term>/`. */
  location?: string;
}

/** A provider SLA template (SLA §3.1.1): its mixin depends on `sla#agreement_tpl`. */
export interface SlaTemplateDefinition {
  term: string;
  title?: string;
  /** Provider attributes, or defaults for the attributes of its terms. */
  attributes?: Record<string, AttributeSpec>;
  /** Terms of this catalogue that come with the template (its mixin depends on them). */
  terms?: string[];
  /** Defaults to `/mixin/<catalogue name>/tpl/<term>/`. */
  location?: string;
}

export interface SlaCatalogueDefinition {
  /** The extension's name; also the path segment of the default locations. */
  name: string;
  version?: string;
  /** The scheme of the template mixins: the provider's, outside http://schemas.ogf.org/occi/. */
  templateScheme: string;
  /** The scheme of the term mixins; required when there are terms. */
  termScheme?: string;
  templates: SlaTemplateDefinition[];
  terms?: AgreementTermDefinition[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

class Checker {
  readonly problems: Problem[] = [];

  fail(pointer: string, message: string, code: Problem['code'] = 'invalid-extension'): void {
    this.problems.push({ code, message: `SLA catalogue ${pointer || '/'}: ${message}`, pointer });
  }

  keys(value: Json, pointer: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key))
        this.fail(`${pointer}/${key}`, `unknown field "${key}"${didYouMean(key, allowed)}`);
  }

  string(value: Json, key: string, pointer: string, required: boolean): string | undefined {
    const v = value[key];
    if (v === undefined) {
      if (required) this.fail(`${pointer}/${key}`, `"${key}" is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v === '') {
      this.fail(`${pointer}/${key}`, `"${key}" must be a non-empty string, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  }

  scheme(value: Json, key: string, required: boolean): string | undefined {
    const scheme = this.string(value, key, '', required);
    if (scheme === undefined) return undefined;
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*#$/.test(scheme))
      this.fail(`/${key}`, `"${scheme}" is not a URI ending in "#"`);
    // Core §5.5.1: the OCCI base URL is reserved for the specification.
    else if (isSpecScheme(scheme))
      this.fail(
        `/${key}`,
        `"${scheme}" is under the reserved http://schemas.ogf.org/occi/; use a scheme of your own, e.g. http://occi.example/sla/agreement_tpl#`,
        'reserved-scheme',
      );
    return scheme;
  }

  term(value: Json, pointer: string): string | undefined {
    const term = this.string(value, 'term', pointer, true);
    if (term !== undefined && !TERM_PATTERN.test(term))
      this.fail(`${pointer}/term`, `"${term}" is not a valid term (letters, digits, "-", "_", ".")`);
    return term;
  }

  attributes(value: Json, pointer: string): Record<string, AttributeSpec> | undefined {
    const attributes = value.attributes;
    if (attributes === undefined) return undefined;
    if (!isObject(attributes)) {
      this.fail(`${pointer}/attributes`, '"attributes" must be an object of attribute definitions by name');
      return undefined;
    }
    for (const [name, spec] of Object.entries(attributes)) {
      if (!isObject(spec))
        this.fail(`${pointer}/attributes/${name}`, `attribute "${name}" must be an object`);
      else
        this.keys(spec, `${pointer}/attributes/${name}`, [
          'type',
          'mutable',
          'required',
          'pattern',
          'default',
          'description',
        ]);
    }
    return attributes as Record<string, AttributeSpec>;
  }

  list(value: Json, key: string, pointer: string): unknown[] {
    const v = value[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.fail(`${pointer}/${key}`, `"${key}" must be an array`);
      return [];
    }
    return v;
  }
}

function withOptional<T extends object>(target: T, key: string, value: unknown): T {
  if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

/**
 * Builds the extension of an SLA template catalogue from configuration
 * (e.g. the server's JSON config). Checks everything before the model sees
 * it and throws one `OcciError` (`bad-request`, code `invalid-extension` or
 * `reserved-scheme`) listing every mistake with a JSON pointer into the
 * definition.
 */
export function slaTemplateCatalogue(definitions: SlaCatalogueDefinition): Extension {
  const check = new Checker();
  const input: unknown = definitions;
  if (!isObject(input)) {
    check.fail(
      '',
      `a catalogue definition must be an object, got ${Array.isArray(input) ? 'an array' : JSON.stringify(input)}`,
    );
    throw new OcciError('bad-request', check.problems);
  }
  check.keys(input, '', ['name', 'version', 'templateScheme', 'termScheme', 'templates', 'terms']);
  const name = check.string(input, 'name', '', true);
  if (name !== undefined && !TERM_PATTERN.test(name))
    check.fail(
      '/name',
      `"${name}" must be letters, digits, "-", "_" or "." (it names the catalogue's locations)`,
    );
  const version = check.string(input, 'version', '', false);
  const templateScheme = check.scheme(input, 'templateScheme', true);
  const rawTerms = check.list(input, 'terms', '');
  const termScheme = check.scheme(input, 'termScheme', rawTerms.length > 0);
  const rawTemplates = check.list(input, 'templates', '');
  if (input.templates === undefined) check.fail('/templates', '"templates" is required');
  else if (rawTemplates.length === 0 && rawTerms.length === 0)
    check.fail('/templates', 'a catalogue needs at least one template');

  const base = `/mixin/${name ?? 'catalogue'}`;
  const mixins: MixinDefinition[] = [];
  const termIds = new Map<string, string>();

  for (const [i, raw] of rawTerms.entries()) {
    const pointer = `/terms/${i}`;
    if (!isObject(raw)) {
      check.fail(pointer, 'a term must be an object');
      continue;
    }
    check.keys(raw, pointer, ['term', 'title', 'type', 'desc', 'remedy', 'attributes', 'location']);
    const term = check.term(raw, pointer);
    const type = raw.type;
    if (type === undefined)
      check.fail(`${pointer}/type`, `"type" is required: one of ${TERM_TYPES.join(', ')}`);
    else if (!(TERM_TYPES as readonly unknown[]).includes(type))
      check.fail(
        `${pointer}/type`,
        `${JSON.stringify(type)} is not one of ${TERM_TYPES.join(', ')}${typeof type === 'string' ? didYouMean(type, TERM_TYPES) : ''}`,
      );
    const title = check.string(raw, 'title', pointer, false);
    const desc = check.string(raw, 'desc', pointer, false);
    const remedy = check.string(raw, 'remedy', pointer, false);
    const location = check.string(raw, 'location', pointer, false);
    const extra = check.attributes(raw, pointer) ?? {};
    if (term === undefined) continue;
    if (termIds.has(term)) {
      check.fail(`${pointer}/term`, `term "${term}" is defined twice`);
      continue;
    }
    const reserved = Object.values(termAttributeNames(term));
    for (const attribute of Object.keys(extra))
      if (reserved.includes(attribute))
        check.fail(
          `${pointer}/attributes/${attribute}`,
          `"${attribute}" is one of the term's table 4 attributes; set it with "type", "desc" or "remedy"`,
        );
    termIds.set(term, `${termScheme ?? ''}${term}`);
    const attributes = {
      ...agreementTermAttributes(term, {
        type: (TERM_TYPES as readonly unknown[]).includes(type) ? (type as TermType) : 'n/a',
        ...(desc !== undefined ? { desc } : {}),
        ...(remedy !== undefined ? { remedy } : {}),
      }),
      ...extra,
    };
    const mixin: MixinDefinition = {
      scheme: termScheme ?? '',
      term,
      depends: [AGREEMENT_TERM_MIXIN],
      applies: [AGREEMENT_KIND],
      location: location ?? `${base}/term/${term}/`,
      attributes,
    };
    mixins.push(withOptional(mixin, 'title', title));
  }

  const templateTerms = new Set<string>();
  for (const [i, raw] of rawTemplates.entries()) {
    const pointer = `/templates/${i}`;
    if (!isObject(raw)) {
      check.fail(pointer, 'a template must be an object');
      continue;
    }
    check.keys(raw, pointer, ['term', 'title', 'attributes', 'terms', 'location']);
    const term = check.term(raw, pointer);
    const title = check.string(raw, 'title', pointer, false);
    const location = check.string(raw, 'location', pointer, false);
    const attributes = check.attributes(raw, pointer);
    const depends = [AGREEMENT_TPL_MIXIN];
    check.list(raw, 'terms', pointer).forEach((ref, j) => {
      const id = typeof ref === 'string' ? termIds.get(ref) : undefined;
      if (id !== undefined) depends.push(id);
      else
        check.fail(
          `${pointer}/terms/${j}`,
          `${JSON.stringify(ref)} is not a term of this catalogue${typeof ref === 'string' ? didYouMean(ref, termIds.keys()) : ''}`,
        );
    });
    if (term === undefined) continue;
    if (templateTerms.has(term)) {
      check.fail(`${pointer}/term`, `template "${term}" is defined twice`);
      continue;
    }
    templateTerms.add(term);
    const mixin: MixinDefinition = {
      scheme: templateScheme ?? '',
      term,
      depends,
      applies: [AGREEMENT_KIND],
      location: location ?? `${base}/tpl/${term}/`,
    };
    withOptional(mixin, 'title', title);
    mixins.push(withOptional(mixin, 'attributes', attributes));
  }

  if (check.problems.length > 0) throw new OcciError('bad-request', check.problems);
  const extension: Extension = { name: name!, mixins };
  withOptional(extension, 'version', version);
  // Everything the model itself checks on load (names, types, defaults,
  // locations, the reserved occi. prefix), reported now, with the SLA
  // extension it builds on.
  const problems = validateExtensions([coreExtension, sla, extension]);
  if (problems.length > 0)
    throw new OcciError(
      'bad-request',
      problems.map((p) => ({ ...p, message: `SLA catalogue ${name}: ${p.message}` })),
    );
  return extension;
}

/** The type identifiers of the example catalogue. */
export const SLA_TEMPLATE_SCHEME = 'http://occi.example/sla/agreement_tpl#';
export const SLA_TERM_SCHEME = 'http://occi.example/sla/agreement_term#';
export const GOLD_TEMPLATE = `${SLA_TEMPLATE_SCHEME}gold`;
export const SILVER_TEMPLATE = `${SLA_TEMPLATE_SCHEME}silver`;
export const AVAILABILITY_TERM = `${SLA_TERM_SCHEME}availability`;
export const COMPUTE_SERVICE_TERM = `${SLA_TERM_SCHEME}compute_service`;

/**
 * The example catalogue (after SLA §3.3, figure "OCCI SLAs example"): the
 * gold and silver templates, each with a compute service term and an
 * availability SLO whose target differs.
 */
export const slaTemplateCatalogueExample: SlaCatalogueDefinition = {
  name: 'sla-templates',
  version: '1.0',
  templateScheme: SLA_TEMPLATE_SCHEME,
  termScheme: SLA_TERM_SCHEME,
  terms: [
    {
      term: 'compute_service',
      title: 'Compute service term',
      type: 'SERVICE-TERM',
      desc: 'The compute service offered under the agreement',
      attributes: {
        'compute_service.cores': {
          type: 'number',
          mutable: true,
          required: false,
          pattern: { type: 'integer', minimum: 1 },
          default: 2,
          description: 'Number of CPU cores of the offered compute resources',
        },
        'compute_service.memory': {
          type: 'number',
          mutable: true,
          required: false,
          pattern: { type: 'number', minimum: 0 },
          default: 4,
          description: 'Memory of the offered compute resources, in GiB',
        },
      },
    },
    {
      term: 'availability',
      title: 'Availability SLO',
      type: 'SLO-TERM',
      desc: 'Monthly availability of the service',
      remedy: '10% of the monthly fee',
      attributes: {
        'availability.percentage': {
          type: 'number',
          mutable: false,
          required: true,
          pattern: { type: 'number', minimum: 0, maximum: 100 },
          description:
            'The availability the provider guarantees, in percent per month; each template sets it',
        },
      },
    },
  ],
  templates: [
    {
      term: 'gold',
      title: 'Gold SLA',
      terms: ['compute_service', 'availability'],
      attributes: {
        'availability.percentage': { type: 'number', mutable: false, required: true, default: 99.95 },
        'example.occi.sla.region': {
          type: 'string',
          mutable: true,
          required: false,
          default: 'eu-west',
          description: 'The region where the resources under this SLA are allocated',
        },
      },
    },
    {
      term: 'silver',
      title: 'Silver SLA',
      terms: ['compute_service', 'availability'],
      attributes: {
        'availability.percentage': { type: 'number', mutable: false, required: true, default: 99.5 },
        'example.occi.sla.region': {
          type: 'string',
          mutable: true,
          required: false,
          default: 'eu-west',
          description: 'The region where the resources under this SLA are allocated',
        },
      },
    },
  ],
};

/** The example catalogue as an extension: load it with `sla`. */
export const slaTemplates: Extension = slaTemplateCatalogue(slaTemplateCatalogueExample);
