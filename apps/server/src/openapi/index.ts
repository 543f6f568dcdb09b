export type { AuthenticationInUse } from './components.js';
export { buildDocument, type DocumentSettings } from './document.js';
export { installOpenApi, OPENAPI_PATH, type OpenApiOptions } from './route.js';
