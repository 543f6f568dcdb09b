export type { OcciPluginOptions } from './options.js';
export { ALLOWED_METHODS, occiPlugin } from './plugin.js';
