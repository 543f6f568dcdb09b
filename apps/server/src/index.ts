export { type BuildOptions, buildServer, type OcciServer, VERSION } from './app.js';
export {
  ConfigError,
  EXTENSION_NAMES,
  helpText,
  isLoopback,
  parseConfig,
  type ServerConfig,
} from './config.js';
export {
  BACKENDS,
  type BackendOption,
  type BackendRow,
  EXTENSIONS,
  type ExtensionRow,
  loadExtensions,
} from './registry.js';
export {
  openStore,
  PostgresStore,
  type PostgresStoreOptions,
  SqliteStore,
  type SqliteStoreOptions,
} from './stores/index.js';
