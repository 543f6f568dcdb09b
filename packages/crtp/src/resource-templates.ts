/**
 * RESOURCE TEMPLATE definitions (CRTP §4.2): the six templates as mixins
 * depending on the OCCI RESOURCE TEMPLATE (R0303, E0303) and applying to
 * Compute (R0301).
 */
import type { MixinDefinition, TypeIdentifier } from '@occi/core';
import { typeIdentifier } from '@occi/core';
import { COMPUTE_KIND, RESOURCE_TPL } from '@occi/infrastructure';
import { CRTP_SCHEME } from './profile.js';
import { TEMPLATE_PROFILES, type TemplateProfile, templateAttributes } from './profile-type-definitions.js';

/** Where the templates are bound: `/resource_tpl/<term>/`. */
export const CRTP_LOCATION_BASE = '/resource_tpl/';

export function resourceTemplate(profile: TemplateProfile): MixinDefinition {
  return {
    scheme: CRTP_SCHEME,
    term: profile.term,
    title: profile.title,
    // §7: "related" is the 1.1 name of `depends` (spec README erratum 7).
    depends: [RESOURCE_TPL],
    applies: [COMPUTE_KIND],
    location: `${CRTP_LOCATION_BASE}${profile.term}/`,
    attributes: templateAttributes(profile),
  };
}

export const resourceTemplates: MixinDefinition[] = TEMPLATE_PROFILES.map(resourceTemplate);

const id = (term: string): TypeIdentifier => typeIdentifier({ scheme: CRTP_SCHEME, term });

export const SMALL_TEMPLATE = id('small');
export const MEDIUM_TEMPLATE = id('medium');
export const LARGE_TEMPLATE = id('large');
export const MEM_SMALL_TEMPLATE = id('mem_small');
export const MEM_MEDIUM_TEMPLATE = id('mem_medium');
export const MEM_LARGE_TEMPLATE = id('mem_large');

/** R0306–R0308: the templates a PROVIDER MUST offer (base conformance). */
export const BASE_TEMPLATES: readonly TypeIdentifier[] = [SMALL_TEMPLATE, MEDIUM_TEMPLATE, LARGE_TEMPLATE];
/** R0306–R0311: all six (extended conformance). */
export const ALL_TEMPLATES: readonly TypeIdentifier[] = [
  ...BASE_TEMPLATES,
  MEM_SMALL_TEMPLATE,
  MEM_MEDIUM_TEMPLATE,
  MEM_LARGE_TEMPLATE,
];
