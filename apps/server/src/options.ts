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
  /**
   * This process is the only user of its store (`--store-exclusive`): it
   * locks the store against every other server, and keeps what it read
   * until it commits itself (stores/index.ts).
   */
  storeExclusive: boolean;
  usersFile?: string;
  jwtKey?: string;
  /** An OpenID provider's issuer URL: its discovered keys verify Bearer JWTs. */
  oidcIssuer?: string;
  /** Required `iss` (`*`: any, explicitly); with `oidcIssuer`, that issuer. */
  jwtIssuer?: string;
  /** Required `aud` entry (`*`: any, explicitly). */
  jwtAudience?: string;
  /** The claim naming the user. */
  jwtUserClaim: string;
  /** `claim=value` (the claim a dotted path) that makes a token's user an admin; none by default. */
  jwtAdminClaim?: { path: string[]; value: string };
  /** Largest JWT lifetime in seconds. */
  jwtMaxLifetime: number;
  /** Serve without authentication on addresses other than loopback. */
  allowAnonymous: boolean;
  tlsCert?: string;
  tlsKey?: string;
  /** CA certificates (PEM) client certificates are verified against; turns on client certificates. */
  tlsClientCa?: string;
  /** How a verified certificate's subject names a user: the users file's table, or also its CN. */
  tlsClientUser: 'table' | 'cn';
  /** Proxies whose X-Forwarded-For/-Proto/-Host are believed: addresses, CIDR ranges or loopback/linklocal/uniquelocal. */
  trustProxy: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** One `info` line per completed request; `--no-access-log` turns it off (errors are still logged). */
  accessLog: boolean;
  bodyLimit: number;
  headerLimit: number;
  pageSize: number;
  requestTimeout: number;
  corsOrigins: string[];
  /** Requests per minute per user (or client address before authentication); 0 turns rate limiting off. */
  rateLimit: number;
  /** A separate listener for /metrics (and health), on `metricsHost`; without it /metrics needs an admin. */
  metricsPort?: number;
  metricsHost: string;
  /** Largest text/occi response header section; larger responses are 406 naming the way out. */
  responseHeaderLimit: number;
  osTemplates?: string;
  slaTemplates?: string;
  /** The backend (registry.ts): `reference` (entities in the store only), `docker`… */
  provider: string;
  /** The values of the backend's own options, by key (e.g. `dockerHost`). */
  backendOptions: Record<string, unknown>;
  /** Serve the web console at /console/ (and its API explorer); `--no-console` turns it off. */
  console: boolean;
  /** The OpenID Connect client id the console signs in with (default: `jwtAudience`, unless `*`). */
  consoleOidcClientId?: string;
}

/** One option: its flag, environment variable, config file key, default and help. */
export interface OptionSpec {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  value?: string;
  help: string;
  default?: string;
  /** A flag without value that turns a default-on option off (`--no-console`). */
  negates?: boolean;
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
    key: 'storeExclusive',
    flag: '--store-exclusive',
    env: 'OCCI_STORE_EXCLUSIVE',
    help: 'this server is the only process using its store: it locks out every other server and serves repeated reads without asking the database (environment and config file: true or false)',
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
    help: 'PEM public key, HMAC secret or JWK Set file: accept Bearer JWTs signed with it (needs --jwt-issuer and --jwt-audience)',
  },
  {
    key: 'oidcIssuer',
    flag: '--oidc-issuer',
    env: 'OCCI_OIDC_ISSUER',
    value: 'url',
    help: 'OpenID provider: accept Bearer JWTs it signs, its keys discovered and followed through rotation (needs --jwt-audience)',
  },
  {
    key: 'jwtIssuer',
    flag: '--jwt-issuer',
    env: 'OCCI_JWT_ISSUER',
    value: 'iss',
    help: 'required JWT issuer with --jwt-key (* accepts any); with --oidc-issuer, that issuer',
  },
  {
    key: 'jwtAudience',
    flag: '--jwt-audience',
    env: 'OCCI_JWT_AUDIENCE',
    value: 'aud',
    help: 'required JWT audience, e.g. your client id (* accepts any)',
  },
  {
    key: 'jwtUserClaim',
    flag: '--jwt-user-claim',
    env: 'OCCI_JWT_USER_CLAIM',
    value: 'claim',
    help: 'JWT claim naming the user (e.g. preferred_username)',
    default: 'sub',
  },
  {
    key: 'jwtAdminClaim',
    flag: '--jwt-admin-claim',
    env: 'OCCI_JWT_ADMIN_CLAIM',
    value: 'claim=value',
    help: 'JWT claim (a dotted path) holding this value makes the user an admin, e.g. groups=occi-admins (default: no admin from tokens)',
  },
  {
    key: 'jwtMaxLifetime',
    flag: '--jwt-max-lifetime',
    env: 'OCCI_JWT_MAX_LIFETIME',
    value: 'seconds',
    help: 'longest JWT lifetime accepted (exp - iat, and exp - now); exp is required',
    default: '86400',
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
    key: 'tlsClientCa',
    flag: '--tls-client-ca',
    env: 'OCCI_TLS_CLIENT_CA',
    value: 'file',
    help: 'CA certificates (PEM): ask clients for certificates and accept those it signed (needs --tls-cert)',
  },
  {
    key: 'tlsClientUser',
    flag: '--tls-client-user',
    env: 'OCCI_TLS_CLIENT_USER',
    value: 'rule',
    help: 'how a certificate names its user: table (the users file\'s "certificates") or cn (the table, else its CN)',
    default: 'table',
  },
  {
    key: 'trustProxy',
    flag: '--trust-proxy',
    env: 'OCCI_TRUST_PROXY',
    value: 'list',
    help: 'proxies whose X-Forwarded-For/-Proto/-Host are believed: addresses, CIDRs, loopback (default: none)',
    default: '',
  },
  {
    key: 'logLevel',
    flag: '--log-level',
    env: 'OCCI_LOG_LEVEL',
    value: 'level',
    help: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
  },
  {
    key: 'accessLog',
    flag: '--no-access-log',
    env: 'OCCI_ACCESS_LOG',
    negates: true,
    help: 'no log line per completed request (errors are still logged; environment and config file: true or false)',
    default: 'true',
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
    help: 'requests per minute per user, or per client address before authentication; 0 is off',
    default: '0',
  },
  {
    key: 'metricsPort',
    flag: '--metrics-port',
    env: 'OCCI_METRICS_PORT',
    value: 'number',
    help: 'serve /metrics on this port of --metrics-host instead (default: /metrics on the main port, admins only when authenticating)',
  },
  {
    key: 'metricsHost',
    flag: '--metrics-host',
    env: 'OCCI_METRICS_HOST',
    value: 'address',
    help: 'address of the --metrics-port listener',
    default: '127.0.0.1',
  },
  {
    key: 'responseHeaderLimit',
    flag: '--response-header-limit',
    env: 'OCCI_RESPONSE_HEADER_LIMIT',
    value: 'bytes',
    help: "largest text/occi response header section; keep it under your proxy's buffer (nginx proxy_buffer_size)",
    default: '65536',
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
  {
    key: 'console',
    flag: '--no-console',
    env: 'OCCI_CONSOLE',
    negates: true,
    help: 'do not serve the web console at /console/ (environment and config file: true or false)',
    default: 'true',
  },
  {
    key: 'consoleOidcClientId',
    flag: '--console-oidc-client-id',
    env: 'OCCI_CONSOLE_OIDC_CLIENT_ID',
    value: 'id',
    help: 'OpenID Connect client id the console signs in with, a public client with PKCE (default: --jwt-audience unless *)',
  },
];
