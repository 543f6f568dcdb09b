/**
 * Infrastructure Templates (Infrastructure §3.5): the OS template (§3.5.1)
 * and resource template (§3.5.2) mixins every provider template depends
 * on, and the rules for associating a new one.
 */
import type { MixinDefinition, TemplateFamily } from '@occi/core';
import { COMPUTE_KIND, INFRASTRUCTURE_SCHEME, OS_TPL, RESOURCE_TPL } from './identifiers.js';

export const osTemplateMixin: MixinDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'os_tpl',
  title: 'OS Template',
  // §3.5.1: an OS template chooses the operating system of a Compute resource.
  applies: [COMPUTE_KIND],
  location: '/os_tpl/',
};

export const resourceTemplateMixin: MixinDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'resource_tpl',
  title: 'Resource Template',
  // No `applies`: §3.5.2 speaks of Resource instances in general; each provider template says what it applies to.
  location: '/resource_tpl/',
};

export const templateFamilies: TemplateFamily[] = [
  // Infrastructure §3.5.1: associating a new OS template MUST remove the old one.
  { mixin: OS_TPL, exclusive: true, overrides: false },
  // Infrastructure §3.5.2: likewise for resource templates, whose values override the instance's own size attributes.
  { mixin: RESOURCE_TPL, exclusive: true, overrides: true },
];
