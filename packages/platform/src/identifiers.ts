/**
 * Schemes and type identifiers of OCCI Platform (GFD-R-P.227).
 */

/** Platform §3: the scheme of the platform kinds and mixins. */
export const PLATFORM_SCHEME = 'http://schemas.ogf.org/occi/platform#';
/** Platform §3.1: the scheme of the Application actions (spec README erratum 10). */
export const APPLICATION_ACTION_SCHEME = 'http://schemas.ogf.org/occi/platform/application/action#';
/** Platform §3.2: the scheme of the Component actions. */
export const COMPONENT_ACTION_SCHEME = 'http://schemas.ogf.org/occi/platform/component/action#';

export const APPLICATION_KIND = `${PLATFORM_SCHEME}application`;
export const COMPONENT_KIND = `${PLATFORM_SCHEME}component`;
export const COMPONENTLINK_KIND = `${PLATFORM_SCHEME}componentlink`;

export const APPLICATION_START = `${APPLICATION_ACTION_SCHEME}start`;
export const APPLICATION_STOP = `${APPLICATION_ACTION_SCHEME}stop`;
export const COMPONENT_START = `${COMPONENT_ACTION_SCHEME}start`;
export const COMPONENT_STOP = `${COMPONENT_ACTION_SCHEME}stop`;

export const APP_TPL_MIXIN = `${PLATFORM_SCHEME}app_tpl`;
export const RES_TPL_MIXIN = `${PLATFORM_SCHEME}res_tpl`;
export const DATABASE_MIXIN = `${PLATFORM_SCHEME}database`;
export const DATABASELINK_MIXIN = `${PLATFORM_SCHEME}databaselink`;

/** The states of Application and Component (Platform §3.1, §3.2; STATE-MACHINES.md). */
export const PLATFORM_STATES = ['active', 'inactive', 'error'] as const;
export type PlatformState = (typeof PLATFORM_STATES)[number];

/** Where the platform collections are bound (HTTP §4); see the README. */
export const PLATFORM_LOCATIONS = {
  application: '/application/',
  component: '/component/',
  componentlink: '/componentlink/',
  app_tpl: '/mixin/platform/app_tpl/',
  res_tpl: '/mixin/platform/res_tpl/',
  database: '/mixin/platform/database/',
  databaselink: '/mixin/platform/databaselink/',
} as const;
