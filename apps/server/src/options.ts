/**
 * The server's options: what a configuration holds, and each option's
 * flag, environment variable, config file key, default and help (the
 * backends' own options are in their rows of registry.ts).
 */
import { BACKENDS, EXTENSIONS } from './registry.js';

/** The extensions a server can load (registry.ts), in load order. */
export const EXTENSION_NAMES: readonly string[] = EXTENSIONS.map((row) => row.name);
export type ExtensionName = string;

export interface ServerConfig {
  host: string;
  port: number;
  /** The public base URL used in absolute locations; default: from each request. */
  publicUrl?: string;
  extensions: ExtensionName[];
  dataDir: string;
  /** `memory:`, `sqlite:<path>` or `postgres://…`. */
  store: string;
  usersFile?: string;
  jwtKey?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Serve without authentication on addresses other than loopback. */
  allowAnonymous: boolean;
  tlsCert?: string;
  tlsKey?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimit: number;
  headerLimit: number;
  pageSize: number;
  requestTimeout: number;
  corsOrigins: string[];
  /** Requests per minute per client; 0 turns rate limiting off. */
  rateLimit: number;
  osTemplates?: string;
  slaTemplates?: string;
  /** The backend (registry.ts): `reference` (entities in the store only), `docker`… */
  provider: string;
  /** The values of the backend's own options, by key (e.g. `dockerHost`). */
  backendOptions: Record<string, unknown>;
}

/** One option: its flag, environment variable, config file key, default and help. */
export interface OptionSpec {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  value?: string;
  help: string;
  default?: string;
}

export const OPTIONS: OptionSpec[] = [
  {
    key: 'host',
    flag: '--host',
    env: 'OCCI_HOST',
    value: 'address',
    help: 'address to listen on',
    default: '127.0.0.1',
  },
  {
    key: 'port',
    flag: '--port',
    env: 'OCCI_PORT',
    value: 'number',
    help: 'TCP port (0 picks a free one)',
    default: '8080',
  },
  {
    key: 'publicUrl',
    flag: '--public-url',
    env: 'OCCI_PUBLIC_URL',
    value: 'url',
    help: 'public base URL for absolute locations (default: from each request)',
  },
  {
    key: 'extensions',
    flag: '--extensions',
    env: 'OCCI_EXTENSIONS',
    value: 'list',
    help: `extensions to load, comma-separated: ${EXTENSION_NAMES.join(', ')}`,
    default: EXTENSION_NAMES.join(','),
  },
  {
    key: 'dataDir',
    flag: '--data-dir',
    env: 'OCCI_DATA_DIR',
    value: 'dir',
    help: 'directory for the embedded database and the users file',
    default: './.occi-data',
  },
  {
    key: 'store',
    flag: '--store',
    env: 'OCCI_STORE',
    value: 'spec',
    help: 'memory:, sqlite:<path> or postgres://user@host/db (default: sqlite:<data-dir>/occi.db)',
  },
  {
    key: 'usersFile',
    flag: '--users-file',
    env: 'OCCI_USERS_FILE',
    value: 'file',
    help: 'users file: turns on HTTP Basic and API-token authentication (manage with `occi-server users`)',
  },
  {
    key: 'jwtKey',
    flag: '--jwt-key',
    env: 'OCCI_JWT_KEY',
    value: 'file',
    help: 'PEM public key or HMAC secret file: accept Bearer JWTs signed with it',
  },
  {
    key: 'jwtIssuer',
    flag: '--jwt-issuer',
    env: 'OCCI_JWT_ISSUER',
    value: 'iss',
    help: 'required JWT issuer',
  },
  {
    key: 'jwtAudience',
    flag: '--jwt-audience',
    env: 'OCCI_JWT_AUDIENCE',
    value: 'aud',
    help: 'required JWT audience',
  },
  {
    key: 'allowAnonymous',
    flag: '--allow-anonymous',
    env: 'OCCI_ALLOW_ANONYMOUS',
    help: 'serve without authentication on non-loopback addresses (unsafe)',
  },
  {
    key: 'tlsCert',
    flag: '--tls-cert',
    env: 'OCCI_TLS_CERT',
    value: 'file',
    help: 'TLS certificate (PEM); with --tls-key serves HTTPS',
  },
  { key: 'tlsKey', flag: '--tls-key', env: 'OCCI_TLS_KEY', value: 'file', help: 'TLS private key (PEM)' },
  {
    key: 'logLevel',
    flag: '--log-level',
    env: 'OCCI_LOG_LEVEL',
    value: 'level',
    help: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
  },
  {
    key: 'bodyLimit',
    flag: '--body-limit',
    env: 'OCCI_BODY_LIMIT',
    value: 'bytes',
    help: 'largest request body; larger ones get 413',
    default: '1048576',
  },
  {
    key: 'headerLimit',
    flag: '--header-limit',
    env: 'OCCI_HEADER_LIMIT',
    value: 'bytes',
    help: 'largest request header section (text/occi needs room); larger ones get 431',
    default: '65536',
  },
  {
    key: 'pageSize',
    flag: '--page-size',
    env: 'OCCI_PAGE_SIZE',
    value: 'number',
    help: 'largest page a client may ask for with ?number=; larger gets 413',
    default: '1000',
  },
  {
    key: 'requestTimeout',
    flag: '--request-timeout',
    env: 'OCCI_REQUEST_TIMEOUT',
    value: 'ms',
    help: 'time allowed to receive a whole request',
    default: '30000',
  },
  {
    key: 'corsOrigins',
    flag: '--cors-origin',
    env: 'OCCI_CORS_ORIGIN',
    value: 'list',
    help: 'origins allowed by CORS, comma-separated (* for any)',
    default: '',
  },
  {
    key: 'rateLimit',
    flag: '--rate-limit',
    env: 'OCCI_RATE_LIMIT',
    value: 'per-minute',
    help: 'requests per minute per client; 0 is off',
    default: '0',
  },
  {
    key: 'provider',
    flag: '--provider',
    env: 'OCCI_PROVIDER',
    value: 'name',
    help: `the backend: ${BACKENDS.map((b) => `${b.name} (${b.summary})`).join('; ')}`,
    default: 'reference',
  },
  {
    key: 'osTemplates',
    flag: '--os-templates',
    env: 'OCCI_OS_TEMPLATES',
    value: 'file',
    help: 'JSON file with the OS template catalogue (replaces the built-in one)',
  },
  {
    key: 'slaTemplates',
    flag: '--sla-templates',
    env: 'OCCI_SLA_TEMPLATES',
    value: 'file',
    help: 'JSON file with the SLA template catalogue (replaces the built-in one)',
  },
];
