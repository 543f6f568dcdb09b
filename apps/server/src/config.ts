/**
 * The server's configuration: command-line flags, then environment
 * variables, then an optional JSON config file, then defaults. Invalid
 * values stop the server with a message that names the option.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { isLoopback, isLoopbackUrl } from './addresses.js';
import { issuerUrlProblem } from './auth/oidc.js';
import { EXTENSION_NAMES, OPTIONS, type OptionSpec, type ServerConfig } from './options.js';
import { BACKENDS, type BackendOption, backendRow, ConfigError, EXTENSIONS } from './registry.js';

export type { ExtensionName } from './options.js';
export { ConfigError, EXTENSION_NAMES, isLoopback, isLoopbackUrl, OPTIONS, type ServerConfig };

/** Where a value came from, as a user would name it: `--port`, `OCCI_PORT` or `occi.json: "port"`. */
type Source = string;

const fail = (source: Source, message: string): never => {
  throw new ConfigError(`${source}: ${message}`);
};

/**
 * Turns the raw string of an option into its typed value, or fails naming
 * where the value came from (the flag, the environment variable or the
 * config file key).
 */
function convert(o: OptionSpec, raw: string, from: Source): unknown {
  const integer = (min: number, max: number): number => {
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max)
      fail(from, `"${raw}" is not an integer between ${min} and ${max}`);
    return Number(raw);
  };
  const readableFile = (): string => {
    if (!existsSync(raw)) fail(from, `file ${raw} does not exist`);
    return raw;
  };
  switch (o.key) {
    case 'port':
      return integer(0, 65535);
    case 'bodyLimit':
      return integer(1024, 1024 ** 3);
    case 'headerLimit':
      return integer(8192, 16 * 1024 ** 2);
    case 'pageSize':
      return integer(1, 1_000_000);
    case 'requestTimeout':
      return integer(100, 3_600_000);
    case 'rateLimit':
      return integer(0, 10_000_000);
    case 'metricsPort':
      return integer(0, 65535);
    case 'responseHeaderLimit':
      return integer(1024, 16 * 1024 ** 2);
    case 'jwtMaxLifetime':
      return integer(1, 366 * 86_400);
    case 'metricsHost':
    case 'host':
      if (raw.trim() === '' || /\s/.test(raw)) fail(from, `"${raw}" is not an address`);
      return raw;
    case 'publicUrl': {
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        fail(from, `"${raw}" is not a URL`);
      }
      if (url!.protocol !== 'http:' && url!.protocol !== 'https:')
        fail(from, `"${raw}" must be an http or https URL`);
      if (url!.search || url!.hash) fail(from, `"${raw}" must not have a query or fragment`);
      return raw.replace(/\/+$/, '');
    }
    case 'extensions': {
      const names = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      for (const n of names)
        if (!EXTENSION_NAMES.includes(n))
          fail(from, `unknown extension "${n}"; known: ${EXTENSION_NAMES.join(', ')}`);
      for (const row of EXTENSIONS)
        for (const needed of names.includes(row.name) ? row.requires : [])
          if (!names.includes(needed)) fail(from, `${row.name} needs ${needed}: load ${needed} too`);
      return [...new Set(names)];
    }
    case 'logLevel':
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw))
        fail(from, `"${raw}" is not one of fatal, error, warn, info, debug, trace, silent`);
      return raw;
    case 'oidcIssuer': {
      const problem = issuerUrlProblem(raw);
      if (problem) fail(from, problem);
      return raw;
    }
    case 'jwtIssuer':
    case 'jwtAudience':
    case 'consoleOidcClientId':
    case 'jwtUserClaim':
      if (raw.trim() === '' || raw !== raw.trim())
        fail(from, `"${raw}" must be a non-empty value without surrounding spaces`);
      return raw;
    case 'jwtAdminClaim': {
      const eq = raw.indexOf('=');
      const path = raw.slice(0, Math.max(eq, 0)).split('.');
      if (eq <= 0 || eq === raw.length - 1 || path.some((p) => p.trim() === ''))
        fail(from, `"${raw}" is not claim=value (e.g. groups=occi-admins or realm_access.roles=admin)`);
      return { path, value: raw.slice(eq + 1) };
    }
    case 'tlsClientUser':
      if (raw !== 'table' && raw !== 'cn') fail(from, `"${raw}" is not table or cn`);
      return raw;
    case 'trustProxy': {
      const entries = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      for (const entry of entries) {
        const [address, bits, extra] = entry.split('/');
        const family = isIP(address ?? '');
        const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
        const prefixOk =
          bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
        if (!named && (family === 0 || !prefixOk || extra !== undefined))
          fail(from, `"${entry}" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal`);
      }
      return entries;
    }
    case 'corsOrigins':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'allowAnonymous':
    case 'storeExclusive':
    case 'console':
    case 'accessLog':
      if (!['true', 'false', '1', '0', 'yes', 'no', ''].includes(raw.toLowerCase()))
        fail(from, `"${raw}" is not a boolean`);
      return ['true', '1', 'yes', ''].includes(raw.toLowerCase());
    case 'provider':
      if (!BACKENDS.some((b) => b.name === raw))
        fail(from, `"${raw}" is not a backend; known: ${BACKENDS.map((b) => b.name).join(', ')}`);
      return raw;
    case 'store':
      if (!/^(memory:$|sqlite:.+|postgres(ql)?:\/\/.+)/.test(raw))
        fail(from, `"${raw}" is not memory:, sqlite:<path> or postgres://…`);
      return raw;
    case 'tlsCert':
    case 'tlsKey':
    case 'tlsClientCa':
    case 'jwtKey':
    case 'osTemplates':
    case 'slaTemplates':
      return readableFile();
    default:
      return raw;
  }
}

export interface ConfigSources {
  argv: string[];
  env: Record<string, string | undefined>;
}

/** Every option: the server's, then each backend's (registry.ts). */
const ALL_OPTIONS: readonly (OptionSpec | BackendOption)[] = [
  ...OPTIONS,
  ...BACKENDS.flatMap((b) => b.options),
];

/** The `--config <file>` (or OCCI_CONFIG) JSON file's values, keyed by option key. */
function configFile(path: string): Record<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail('--config', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    fail('--config', `${path} must hold a JSON object`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!ALL_OPTIONS.some((x) => x.key === key))
      fail('--config', `${path}: unknown key "${key}"; known: ${ALL_OPTIONS.map((x) => x.key).join(', ')}`);
    out[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** Parses flags, environment and config file into a checked configuration. */
export function parseConfig({ argv, env }: ConfigSources): ServerConfig {
  const flags = new Map<string, string>();
  let file = env.OCCI_CONFIG;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // `pnpm start -- --port 9000` passes the `--` on; the server takes no operands.
    if (arg === '--') continue;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (name === '--config') {
      file = inline ?? argv[++i];
      if (file === undefined) fail('--config', 'needs a file');
      continue;
    }
    const o = ALL_OPTIONS.find((x) => x.flag === name);
    if (!o) fail(arg, `unknown option; run occi-server --help for the list`);
    if (!o!.value) {
      const negates = 'negates' in o! && o!.negates === true;
      // `--no-console=true` would read both ways: a negating flag takes no value.
      if (negates && inline !== undefined)
        fail(o!.flag, `takes no value; ${o!.env}=true|false says it either way`);
      flags.set(o!.key, inline ?? (negates ? 'false' : 'true'));
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) fail(o!.flag, `needs a value (${o!.value})`);
    flags.set(o!.key, value!);
  }
  const fromFile = file ? configFile(file) : {};
  /** The raw value of an option and where it came from, by precedence: flag, environment, file, default. */
  const rawOf = (o: OptionSpec | BackendOption): [string | undefined, Source, boolean] =>
    flags.has(o.key)
      ? [flags.get(o.key), o.flag, true]
      : env[o.env] !== undefined
        ? [env[o.env], o.env, false]
        : fromFile[o.key] !== undefined
          ? [fromFile[o.key], `${file}: "${o.key}"`, true]
          : [o.default, o.flag, false];
  const config: Record<string, unknown> = {};
  for (const o of OPTIONS) {
    const [raw, from] = rawOf(o);
    if (raw !== undefined) config[o.key] = convert(o, raw, from);
  }
  if (config.allowAnonymous === undefined) config.allowAnonymous = false;
  if (config.storeExclusive === undefined) config.storeExclusive = false;
  config.store ??= `sqlite:${join(String(config.dataDir), 'occi.db')}`;
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined))
    fail('--tls-cert', '--tls-cert and --tls-key go together');
  checkAuthentication(config);
  if (config.metricsPort !== undefined && config.metricsPort !== 0 && config.metricsPort === config.port)
    fail('--metrics-port', `${config.metricsPort} is the main port already; pick another`);
  const backend = backendRow(String(config.provider));
  for (const needed of backend.requires)
    if (!(config.extensions as string[]).includes(needed))
      fail('--provider', `${backend.name} needs the ${needed} extension`);
  const backendOptions: Record<string, unknown> = {};
  for (const row of BACKENDS)
    for (const o of row.options) {
      const [raw, from, explicit] = rawOf(o);
      if (row !== backend) {
        // A flag or file key of another backend is a mistake; its environment variable may be set for later.
        if (explicit && raw !== undefined)
          fail(from, `applies to --provider ${row.name}, not ${backend.name}`);
        continue;
      }
      if (raw === undefined) {
        if (o.required) fail(o.flag, `--provider ${row.name} needs it: ${o.help}`);
        continue;
      }
      const converted = o.convert(raw);
      if ('problem' in converted) fail(from, converted.problem);
      else backendOptions[o.key] = converted.value;
    }
  config.backendOptions = backendOptions;
  return config as unknown as ServerConfig;
}

/** The options of authentication that only make sense together. */
function checkAuthentication(config: Record<string, unknown>): void {
  if (config.tlsClientCa !== undefined && config.tlsCert === undefined)
    fail('--tls-client-ca', 'client certificates need TLS: give --tls-cert and --tls-key too');
  if (config.tlsClientCa !== undefined && config.tlsClientUser === 'table' && config.usersFile === undefined)
    fail(
      '--tls-client-ca',
      'the table of certificate subjects is in the users file: give --users-file, or --tls-client-user cn',
    );
  if (config.jwtKey !== undefined && config.oidcIssuer !== undefined)
    fail('--jwt-key', 'give --jwt-key or --oidc-issuer, not both');
  if (config.consoleOidcClientId !== undefined && config.oidcIssuer === undefined)
    fail('--console-oidc-client-id', 'the console signs in at an OpenID provider: give --oidc-issuer too');
  if (config.jwtKey === undefined && config.oidcIssuer === undefined) {
    for (const [key, flag] of [
      ['jwtIssuer', '--jwt-issuer'],
      ['jwtAudience', '--jwt-audience'],
      ['jwtAdminClaim', '--jwt-admin-claim'],
    ] as const)
      if (config[key] !== undefined) fail(flag, 'applies to JWTs: give --jwt-key or --oidc-issuer too');
    return;
  }
  if (config.jwtAudience === undefined)
    fail(
      '--jwt-audience',
      'JWTs need the audience they must be meant for (e.g. your client id), or * to accept any explicitly',
    );
  if (config.oidcIssuer !== undefined) {
    if (config.jwtIssuer !== undefined && config.jwtIssuer !== config.oidcIssuer)
      fail(
        '--jwt-issuer',
        `${String(config.jwtIssuer)} differs from --oidc-issuer ${String(config.oidcIssuer)}`,
      );
  } else if (config.jwtIssuer === undefined)
    fail('--jwt-issuer', 'JWTs need the issuer they must come from, or * to accept any explicitly');
}

/** The `--help` text: every option with its environment variable and default. */
export function helpText(): string {
  const rows = ALL_OPTIONS.map((o) => {
    const left = `  ${o.flag}${o.value ? ` <${o.value}>` : ''}`;
    const right = `${o.help} [env ${o.env}${o.default !== undefined && o.default !== '' ? `, default ${o.default}` : ''}]`;
    return `${left.padEnd(30)} ${right}`;
  });
  return [
    'Usage: occi-server [options]',
    '       occi-server users <add|remove|list|token|revoke> ...   (run `occi-server users --help`)',
    '',
    'Serves the OCCI 1.2 HTTP protocol (core, infrastructure, platform, SLA, CRTP).',
    'Options come from flags, then environment variables, then a JSON config file',
    '(--config <file> or OCCI_CONFIG, keys as in `port`, `store`, `usersFile`...), then defaults.',
    '',
    'Options:',
    `  ${'--config <file>'.padEnd(28)} JSON config file [env OCCI_CONFIG]`,
    ...rows,
    `  ${'-h, --help'.padEnd(28)} this help`,
    `  ${'-v, --version'.padEnd(28)} the version`,
    '',
    'Example:',
    '  occi-server --port 8080 --store sqlite:./data/occi.db --users-file ./data/users.json',
    '',
  ].join('\n');
}
