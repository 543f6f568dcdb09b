/**
 * Provider OS templates (Infrastructure §3.5.1): "a Mixin instance
 * consisting of a provider specific scheme and a descriptive title
 * detailing the OS", depending on os_tpl. A small default catalogue, and
 * the function a server uses to load its own from configuration.
 */
import type { AttributeSpec, Extension, MixinDefinition, Problem } from '@occi/core';
import {
  coreExtension,
  didYouMean,
  isCollectionLocation,
  isSpecScheme,
  OcciError,
  TERM_PATTERN,
  validateExtensions,
} from '@occi/core';
import { COMPUTE_KIND, OS_TPL } from './identifiers.js';
import {
  infrastructure,
  PROVIDER_OS_TEMPLATE_LOCATION,
  PROVIDER_OS_TEMPLATE_SCHEME,
} from './infrastructure.js';

/** One OS template of a catalogue, as configuration writes it. */
export interface OsTemplateDefinition {
  /** Provider-specific identifier of the image configuration, e.g. `debian-12`. */
  term: string;
  /** Descriptive title detailing the OS, e.g. `Debian 12 (bookworm)`. */
  title: string;
  /** Additional attributes, or defaults for Compute attributes (Infrastructure §3.5.1). */
  attributes?: Record<string, AttributeSpec>;
  /** Where the template is bound; default `<locationBase><term>/`. */
  location?: string;
}

export interface OsTemplateCatalogueOptions {
  /** Extension name; default `os-templates` (two catalogues of the same name cannot be loaded together). */
  name?: string;
  /** Provider scheme; default `http://occi.example/os_tpl#`. Must not be under `http://schemas.ogf.org/occi/`. */
  scheme?: string;
  /** Base path of the locations; default `/os_tpl/`. */
  locationBase?: string;
}

const DEFINITION_KEYS = ['term', 'title', 'attributes', 'location'];

const problem = (message: string, pointer: string, extra: Partial<Problem> = {}): Problem => ({
  code: 'invalid-extension',
  message,
  pointer,
  ...extra,
});

function checkDefinition(value: unknown, index: number, seen: Set<string>, problems: Problem[]): void {
  const at = `/${index}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(problem(`OS template ${index}: expected an object with "term" and "title"`, at));
    return;
  }
  const d = value as Record<string, unknown>;
  for (const key of Object.keys(d))
    if (!DEFINITION_KEYS.includes(key))
      problems.push(
        problem(
          `OS template ${index}: unknown property "${key}"${didYouMean(key, DEFINITION_KEYS)}`,
          `${at}/${key}`,
        ),
      );
  if (typeof d.term !== 'string' || !TERM_PATTERN.test(d.term)) {
    problems.push(
      problem(
        `OS template ${index}: "term" must be a string of letters, digits, "-", "_" and "." starting with a letter or digit, got ${JSON.stringify(d.term) ?? 'nothing'}`,
        `${at}/term`,
      ),
    );
  } else if (seen.has(d.term)) {
    problems.push(problem(`OS template ${index}: term "${d.term}" is listed twice`, `${at}/term`));
  } else {
    seen.add(d.term);
  }
  if (typeof d.title !== 'string' || d.title.trim() === '')
    problems.push(
      problem(`OS template ${index}: "title" must be a non-empty string describing the OS`, `${at}/title`),
    );
  if (
    d.attributes !== undefined &&
    (d.attributes === null || typeof d.attributes !== 'object' || Array.isArray(d.attributes))
  )
    problems.push(
      problem(
        `OS template ${index}: "attributes" must be an object of attribute definitions`,
        `${at}/attributes`,
      ),
    );
  if (d.location !== undefined && (typeof d.location !== 'string' || !isCollectionLocation(d.location)))
    problems.push(
      problem(`OS template ${index}: "location" must be an absolute path ending in "/"`, `${at}/location`, {
        code: 'invalid-location',
      }),
    );
}

/**
 * An extension holding the given OS templates, each depending on
 * `…/infrastructure#os_tpl` and applying to Compute. Throws an `OcciError`
 * (bad-request) listing every mistake, each with a JSON pointer into
 * `definitions`.
 */
export function osTemplateCatalogue(
  definitions: readonly OsTemplateDefinition[],
  options: OsTemplateCatalogueOptions = {},
): Extension {
  const name = options.name ?? 'os-templates';
  const scheme = options.scheme ?? PROVIDER_OS_TEMPLATE_SCHEME;
  const locationBase = options.locationBase ?? PROVIDER_OS_TEMPLATE_LOCATION;
  const problems: Problem[] = [];
  if (isSpecScheme(scheme))
    problems.push({
      code: 'reserved-scheme',
      message: `OS template scheme "${scheme}" is under http://schemas.ogf.org/occi/; provider templates need a scheme of their own (Infrastructure §3.5.1)`,
    });
  if (!isCollectionLocation(locationBase))
    problems.push({
      code: 'invalid-location',
      message: `locationBase "${locationBase}" must be an absolute path ending in "/"`,
    });
  if (!Array.isArray(definitions)) {
    problems.push(problem('OS templates: expected a list of {term, title} objects', ''));
    throw new OcciError('bad-request', problems);
  }
  const seen = new Set<string>();
  for (const [i, d] of definitions.entries()) checkDefinition(d, i, seen, problems);
  if (problems.length > 0) throw new OcciError('bad-request', problems);

  const mixins: MixinDefinition[] = definitions.map((d) => {
    const mixin: MixinDefinition = {
      scheme,
      term: d.term,
      title: d.title,
      // Infrastructure §3.5.1: an implementation-defined OS template MUST depend on os_tpl.
      depends: [OS_TPL],
      applies: [COMPUTE_KIND],
      location: d.location ?? `${locationBase}${d.term}/`,
    };
    if (d.attributes !== undefined) {
      try {
        mixin.attributes = structuredClone(d.attributes);
      } catch {
        throw new OcciError(
          'bad-request',
          problem(`OS template ${d.term}: attributes must be plain JSON`, ''),
        );
      }
    }
    return mixin;
  });
  const extension: Extension = { name, mixins };
  // The same checks as Model.create, so that configuration mistakes surface here, each naming its template.
  const loadProblems = validateExtensions([coreExtension, infrastructure, extension]);
  if (loadProblems.length > 0) throw new OcciError('bad-request', loadProblems);
  return extension;
}

/**
 * A default for Compute's architecture. Core §5.3.2: a template refines the
 * attribute's default only; its type, mutability and required-ness stay
 * Compute's, so discovery shows what the server enforces.
 */
const ARCHITECTURE_X64: AttributeSpec = { type: 'string', mutable: true, required: false, default: 'x64' };

/** The default catalogue: three current Linux distributions. */
export const DEFAULT_OS_TEMPLATES: readonly OsTemplateDefinition[] = [
  {
    term: 'debian-12',
    title: 'Debian GNU/Linux 12 (bookworm)',
    attributes: { 'occi.compute.architecture': { ...ARCHITECTURE_X64 } },
  },
  {
    term: 'ubuntu-24.04',
    title: 'Ubuntu 24.04 LTS (Noble Numbat)',
    attributes: { 'occi.compute.architecture': { ...ARCHITECTURE_X64 } },
  },
  {
    term: 'alpine-3.20',
    title: 'Alpine Linux 3.20',
    attributes: { 'occi.compute.architecture': { ...ARCHITECTURE_X64 } },
  },
];

/** The default OS template catalogue as an extension (`http://occi.example/os_tpl#debian-12`, …). */
export const osTemplates: Extension = osTemplateCatalogue(DEFAULT_OS_TEMPLATES);
