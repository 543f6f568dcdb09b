/**
 * The web console at `/console/` and its API explorer at
 * `/console/explorer/` (Swagger UI over `/openapi.json`), on by default,
 * off with `--no-console` (then `/console/` is an ordinary OCCI path).
 *
 * What is served, and how:
 * - `GET /console` → 301 to `/console/`.
 * - `GET /console/config.json` → the sign-in facts the console reads at
 *   start (`ConsoleConfig` in console-config.ts: `version`, `openapi`,
 *   `explorer`, `auth: { anonymous, basic, apiToken, jwt, oidc?: { issuer,
 *   clientId }, clientCertificate }`); nothing secret.
 * - `GET /console/<file>` → the built file (apps/console/dist, or
 *   dist/console/ of a packed server) through @fastify/static's
 *   `sendFile`: ETag, Last-Modified, 304, ranges. Hashed files under
 *   `assets/` are `Cache-Control: public, max-age=31536000, immutable`,
 *   everything else `no-cache`. A directory serves its index.html.
 * - Any other `GET /console/…` that accepts text/html → index.html (the
 *   console routes in the URL's fragment, `#/…`, so this only keeps a
 *   mistyped or old link on the console); otherwise 404.
 * - Other methods → 405 with `Allow: GET, HEAD`.
 * - Not built yet (running from sources before `pnpm build`): 503 naming
 *   the build command, one warning in the log at start; the files are
 *   looked for again on each request, so a build needs no restart.
 *
 * Every response under /console carries a Content-Security-Policy
 * (scripts and styles from this origin only, no inline ones — Vite's
 * build and Swagger UI need none; fetches to this origin and the OpenID
 * provider's), `X-Content-Type-Options: nosniff` and
 * `Referrer-Policy: no-referrer`. The routes are operational ones: the
 * console signs in by itself, so they are neither authenticated nor rate
 * limited nor audited.
 */
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../options.js';
import { consoleClientId, consoleConfig } from './console-config.js';
import { consoleRoot } from './files.js';
import { cacheControlOf, contentSecurityPolicy } from './security-headers.js';

export { type ConsoleConfig, consoleConfig } from './console-config.js';

/** What builds the console from the repository's sources. */
export const CONSOLE_BUILD_COMMAND = 'corepack pnpm --filter @occi/console build';

export interface ConsoleOptions {
  /** Where the built console is (the directory holding index.html); default: consoleRoot(). */
  locate?: () => string | undefined;
}

const operational = { config: { operational: true } };
const OTHER_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** What a path under /console/ names in the built console. */
type Found = { file: string } | { directory: string } | undefined;

/** The file (or directory) `relative` names under `root`; never anything outside it, nor a dotfile. */
async function find(root: string, relative: string): Promise<Found> {
  const segments = relative.split('/');
  if (relative.includes('\0') || relative.includes('\\') || segments.some((s) => s.startsWith('.')))
    return undefined;
  const full = resolve(root, relative);
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  const found = await stat(full).catch(() => undefined);
  if (found?.isFile()) return { file: relative };
  if (!found?.isDirectory()) return undefined;
  if (relative !== '' && !relative.endsWith('/')) return { directory: relative };
  const index = join(relative, 'index.html');
  return (await stat(join(root, index)).catch(() => undefined))?.isFile() ? { file: index } : undefined;
}

export async function installConsole(
  app: FastifyInstance,
  config: ServerConfig,
  version: string,
  options: ConsoleOptions = {},
): Promise<void> {
  if (!config.console) return;
  const locate = options.locate ?? consoleRoot;
  let root = locate();
  if (root === undefined)
    app.log.warn(
      `the console is not built: /console/ answers 503 until it is (run ${CONSOLE_BUILD_COMMAND})`,
    );

  const configBody = `${JSON.stringify(consoleConfig(config, version), null, 2)}\n`;
  const issuer = config.oidcIssuer !== undefined && consoleClientId(config) !== undefined;
  const connectTo = issuer ? [new URL(config.oidcIssuer!).origin] : [];
  const policy = contentSecurityPolicy(connectTo);

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    root ??= locate();
    if (root === undefined)
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(
          `The console is not built. Run \`${CONSOLE_BUILD_COMMAND}\` in the repository, then reload this page.\n`,
        );
    const relative = (request.params as { '*': string })['*'];
    const found = await find(root, relative);
    if (found && 'directory' in found) return reply.redirect(`/console/${found.directory}/`, 301);
    if (found) return sendFile(reply, root, found.file);
    if (request.headers.accept?.includes('text/html')) return sendFile(reply, root, 'index.html');
    return reply.code(404).type('text/plain; charset=utf-8').send(`The console has no file ${relative}.\n`);
  };

  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { serve: false });
    scope.addHook('onRequest', (_request, reply, done) => {
      reply.header('content-security-policy', policy);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      done();
    });

    scope.get('/console', operational, (request, reply) => {
      const query = request.raw.url?.includes('?') ? request.raw.url.slice(request.raw.url.indexOf('?')) : '';
      return reply.redirect(`/console/${query}`, 301);
    });
    scope.get('/console/config.json', operational, (_request, reply) =>
      reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(configBody),
    );
    scope.get('/console/*', operational, serve);
    for (const url of ['/console', '/console/*'])
      scope.route({
        method: [...OTHER_METHODS],
        url,
        ...operational,
        handler: (request, reply) =>
          reply
            .code(405)
            .header('allow', 'GET, HEAD')
            .type('text/plain; charset=utf-8')
            .send(`The console's files are read-only: ${request.method} is not allowed; use GET.\n`),
      });
  });
}

/** A built file through @fastify/static (ETag, Last-Modified, conditional requests), cached by its kind. */
function sendFile(reply: FastifyReply, root: string, file: string): FastifyReply {
  reply.header('cache-control', cacheControlOf(file));
  return reply.sendFile(file, root, { cacheControl: false });
}
