export { type ApplicationAddressing, applicationKind, defaultAddressing, dnsLabel } from './application.js';
export { componentKind } from './component.js';
export { componentLinkKind, validateComponentLink } from './component-link.js';
export { databaseFlavour, databaseLinkMixin, databaseMixin } from './database.js';
export * from './identifiers.js';
export type { PlatformBackend } from './lifecycle.js';
export { createPlatform, type PlatformOptions, platform } from './platform.js';
export { appTplMixin, resTplMixin } from './platform-templates.js';
