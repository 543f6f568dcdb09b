export { buildServer, type OcciServer, VERSION } from './app.js';
export {
  ConfigError,
  EXTENSION_NAMES,
  helpText,
  isLoopback,
  parseConfig,
  type ServerConfig,
} from './config.js';
export { loadExtensions } from './extensions.js';
export { openStore, PostgresStore, SqliteStore } from './stores/index.js';
