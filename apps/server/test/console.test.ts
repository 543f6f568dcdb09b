/**
 * Serving the console's files (src/console/): caching by kind, the
 * security headers on every response, index.html for pages that are not
 * files, redirects, the 503 of a console not built yet — on a server of
 * its own over a directory shaped like Vite's build.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { CONSOLE_BUILD_COMMAND, installConsole } from '../src/console/index.js';

const INDEX =
  '<!doctype html><title>OCCI console</title><script type="module" src="/console/assets/index-Bx3_k9Qz.js"></script>\n';
const SCRIPT = 'document.title = "built";\n';
const EXPLORER = '<!doctype html><title>OCCI API explorer</title>\n';
const POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'occi-console-dist-'));
  await mkdir(join(dist, 'assets'));
  await mkdir(join(dist, 'explorer'));
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'index-Bx3_k9Qz.js'), SCRIPT);
  await writeFile(join(dist, 'explorer', 'index.html'), EXPLORER);
  await writeFile(join(dist, 'explorer', 'swagger-ui-bundle.js'), '/* Swagger UI */\n');
  await writeFile(join(dist, '.env'), 'SECRET=1\n');
});
afterAll(() => rm(dist, { recursive: true, force: true }));

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A server with only the console, over `locate`'s directory; its log lines kept. */
async function serve(locate: () => string | undefined, argv: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({ logger: { level: 'warn', stream } });
  apps.push(app);
  await installConsole(app, parseConfig({ argv, env: {} }), '1.2.3', { locate });
  return { app, lines };
}

describe('the console files', () => {
  it('serves index.html at /console/, revalidated (no-cache, ETag, Last-Modified), with the security headers', async () => {
    const { app } = await serve(() => dist);
    const response = await app.inject({ method: 'GET', url: '/console/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers.etag).toMatch(/^(W\/)?"/);
    expect(response.headers['last-modified']).toMatch(/GMT$/);
    expect(response.headers['content-security-policy']).toBe(POLICY);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');

    const again = await app.inject({
      method: 'GET',
      url: '/console/',
      headers: { 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('caches hashed assets for a year, immutable; other files are revalidated', async () => {
    const { app } = await serve(() => dist);
    const asset = await app.inject({ method: 'GET', url: '/console/assets/index-Bx3_k9Qz.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe(SCRIPT);
    expect(asset.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBe(POLICY);
    const bundle = await app.inject({ method: 'GET', url: '/console/explorer/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['cache-control']).toBe('no-cache');
    const head = await app.inject({ method: 'HEAD', url: '/console/assets/index-Bx3_k9Qz.js' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(SCRIPT.length));
  });

  it('redirects /console and directories to their trailing slash, the query kept', async () => {
    const { app } = await serve(() => dist);
    const bare = await app.inject({ method: 'GET', url: '/console?lang=en' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/?lang=en');
    expect(bare.headers['content-security-policy']).toBe(POLICY);
    const explorer = await app.inject({ method: 'GET', url: '/console/explorer' });
    expect(explorer.statusCode).toBe(301);
    expect(explorer.headers.location).toBe('/console/explorer/');
    const page = await app.inject({ method: 'GET', url: '/console/explorer/' });
    expect([page.statusCode, page.body, page.headers['cache-control']]).toEqual([200, EXPLORER, 'no-cache']);
  });

  it('answers index.html for a page that is not a file when HTML is accepted, else 404 naming the file', async () => {
    const { app } = await serve(() => dist);
    const page = await app.inject({
      method: 'GET',
      url: '/console/compute/1',
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect([page.statusCode, page.body, page.headers['cache-control']]).toEqual([200, INDEX, 'no-cache']);
    const missing = await app.inject({
      method: 'GET',
      url: '/console/assets/gone-12345678.js',
      headers: { accept: '*/*' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe('The console has no file assets/gone-12345678.js.\n');
    expect(missing.headers['content-security-policy']).toBe(POLICY);
  });

  it('serves nothing outside its directory, and no dotfiles', async () => {
    const { app } = await serve(() => join(dist, 'explorer'));
    for (const url of [
      '/console/..%2findex.html',
      '/console/%2e%2e/index.html',
      '/console/..%5cindex.html',
    ]) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('OCCI console');
    }
    const dotfile = await (await serve(() => dist)).app.inject({ method: 'GET', url: '/console/.env' });
    expect(dotfile.statusCode).toBe(404);
    expect(dotfile.body).not.toContain('SECRET');
  });

  it('answers other methods 405 with Allow', async () => {
    const { app } = await serve(() => dist);
    for (const [method, url] of [
      ['POST', '/console/'],
      ['PUT', '/console/index.html'],
      ['DELETE', '/console'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(response.body).toBe(`The console's files are read-only: ${method} is not allowed; use GET.\n`);
    }
  });
});

describe('a console not built yet', () => {
  it('is 503 naming the build command, warned about once at start, and served once built, without a restart', async () => {
    let built: string | undefined;
    const { app, lines } = await serve(() => built);
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toEqual([
      `the console is not built: /console/ answers 503 until it is (run ${CONSOLE_BUILD_COMMAND})`,
    ]);
    for (const url of ['/console/', '/console/assets/index-Bx3_k9Qz.js', '/console/explorer/']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(503);
      expect(response.body).toBe(
        'The console is not built. Run `corepack pnpm --filter @occi/console build` in the repository, then reload this page.\n',
      );
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toBe(POLICY);
    }
    // The sign-in facts do not need the build.
    expect((await app.inject({ method: 'GET', url: '/console/config.json' })).statusCode).toBe(200);
    built = dist;
    const now = await app.inject({ method: 'GET', url: '/console/' });
    expect([now.statusCode, now.body]).toEqual([200, INDEX]);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(1);
  });
});

describe('the Content-Security-Policy', () => {
  it('lets the console fetch from the OpenID provider it signs in at, and nowhere else', async () => {
    const { app } = await serve(
      () => dist,
      ['--oidc-issuer', 'https://login.example.org/realms/occi', '--jwt-audience', 'occi-console'],
    );
    const response = await app.inject({ method: 'GET', url: '/console/' });
    expect(response.headers['content-security-policy']).toBe(
      POLICY.replace("connect-src 'self'", "connect-src 'self' https://login.example.org"),
    );
  });

  it('has no OpenID origin when the console has no client id to sign in with', async () => {
    const { app } = await serve(
      () => dist,
      ['--oidc-issuer', 'https://login.example.org/realms/occi', '--jwt-audience', '*'],
    );
    const response = await app.inject({ method: 'GET', url: '/console/' });
    expect(response.headers['content-security-policy']).toBe(POLICY);
  });
});
