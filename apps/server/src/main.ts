#!/usr/bin/env node
/**
 * occi-server: starts the OCCI server, or manages its users
 * (`occi-server users ...`).
 */
import { buildServer, VERSION } from './app.js';
import { runUsersCommand } from './auth/index.js';
import { ConfigError, helpText, parseConfig } from './config.js';
import { backendRow } from './registry.js';
import { flushLogSync } from './request-log.js';

async function serve(argv: string[]): Promise<number> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig({ argv, env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`occi-server: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let server: Awaited<ReturnType<typeof buildServer>>;
  try {
    server = await buildServer(config);
  } catch (error) {
    process.stderr.write(`occi-server: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const { app } = server;
  // The log is written in batches: what it holds goes out before the process dies.
  process.on('uncaughtException', (error) => {
    app.log.fatal({ err: error }, 'uncaught exception; exiting');
    flushLogSync();
    process.stderr.write(`occi-server: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        flushLogSync();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    process.stderr.write(
      `occi-server: cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await server.close();
    return 1;
  }
  if (server.metricsApp) {
    try {
      await server.metricsApp.listen({ host: config.metricsHost, port: config.metricsPort ?? 0 });
    } catch (error) {
      process.stderr.write(
        `occi-server: cannot listen on ${config.metricsHost}:${config.metricsPort} for metrics: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      await server.close();
      return 1;
    }
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = config.tlsCert ? 'https' : 'http';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `${scheme}://${host}:${port}`;
  const auth = config.usersFile
    ? ' -u USER:PASSWORD'
    : config.jwtKey || config.oidcIssuer
      ? ' -H "Authorization: Bearer $TOKEN"'
      : '';
  const mechanisms = [
    config.usersFile && 'basic + API tokens',
    config.jwtKey && 'JWT',
    config.oidcIssuer && `OpenID Connect (${config.oidcIssuer})`,
    config.tlsClientCa && 'client certificates',
  ].filter(Boolean);
  const metricsAddress = server.metricsApp?.server.address();
  const metricsPort =
    typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : config.metricsPort;
  process.stdout.write(
    [
      `occi-server ${VERSION} listening on ${base}`,
      `  extensions: core, ${config.extensions.join(', ')}`,
      `  store:      ${config.store.replace(/\/\/[^@/]*@/, '//***@')}${config.storeExclusive && config.store !== 'memory:' ? ' (exclusive: no other server may use it)' : ''}`,
      ...(config.provider !== 'reference'
        ? [`  provider:   ${backendRow(config.provider).describe(config.backendOptions)}`]
        : []),
      `  auth:       ${mechanisms.length > 0 ? mechanisms.join(', ') : 'none (loopback only)'}`,
      `  metrics:    ${server.metricsApp ? `http://${config.metricsHost.includes(':') ? `[${config.metricsHost}]` : config.metricsHost}:${metricsPort}/metrics` : `${base}/metrics${mechanisms.length > 0 ? ' (administrators)' : ''}`}`,
      ...(config.console ? [`  console:    ${base}/console/ (API explorer: ${base}/console/explorer/)`] : []),
      `  openapi:    ${base}/openapi.json`,
      `  try:        curl${auth} -H 'Accept: text/plain' ${base}/-/`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'users')
    return runUsersCommand(argv.slice(1), {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
  if (argv[0] === 'serve') argv = argv.slice(1);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText());
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return serve(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `occi-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
