/**
 * Platform §3.4 Platform Templates: the OCCI Application Template
 * (§3.4.1) and Resource Template (§3.4.2) mixins that provider templates
 * depend on.
 */
import type { MixinDefinition, TemplateFamily } from '@occi/core';
import { APP_TPL_MIXIN, PLATFORM_LOCATIONS, PLATFORM_SCHEME, RES_TPL_MIXIN } from './identifiers.js';

/** Platform §3.4.1: provider application templates (python, ruby, …) MUST depend on this mixin. */
export const appTplMixin: MixinDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'app_tpl',
  title: 'Application Template',
  location: PLATFORM_LOCATIONS.app_tpl,
};

/** Platform §3.4.2: provider resource templates MUST depend on this mixin. */
export const resTplMixin: MixinDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'res_tpl',
  title: 'Resource Template',
  location: PLATFORM_LOCATIONS.res_tpl,
};

/**
 * How repeated templates behave (Core §5.3.7 leaves it to the extension):
 * an application runs on one framework, so at most one application
 * template; a resource template is a preset configuration, so at most one,
 * and its defaults override the instance's values, like Infrastructure's
 * resource templates.
 */
export const platformTemplateFamilies: TemplateFamily[] = [
  { mixin: APP_TPL_MIXIN, exclusive: true, overrides: false },
  { mixin: RES_TPL_MIXIN, exclusive: true, overrides: true },
];
