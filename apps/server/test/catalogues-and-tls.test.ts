/** Template catalogues from configuration, and HTTPS with a configured certificate. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { buildServer, parseConfig } from '../src/index.js';
import { runServerCommand } from './support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'occi-catalogue-'));
const build = (argv: string[]) =>
  buildServer(parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent', ...argv], env: {} }));

describe('template catalogues from configuration', () => {
  it('--os-templates replaces the built-in OS templates', async () => {
    const file = join(dir, 'os.json');
    writeFileSync(file, JSON.stringify([{ term: 'rocky-9', title: 'Rocky Linux 9' }]));
    const server = await build(['--os-templates', file]);
    const discovery = (
      await server.app.inject({ method: 'GET', url: '/-/', headers: { accept: 'text/plain' } })
    ).body;
    expect(discovery).toContain(
      'Category: rocky-9; scheme="http://occi.example/os_tpl#"; class="mixin"; title="Rocky Linux 9"',
    );
    expect(discovery).not.toContain('debian-12');
    await server.close();
  });

  it('--sla-templates replaces the built-in SLA templates', async () => {
    const file = join(dir, 'sla.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'bronze-catalogue',
        templateScheme: 'http://provider.example/sla#',
        templates: [{ term: 'bronze', title: 'Bronze' }],
      }),
    );
    const server = await build(['--sla-templates', file]);
    const discovery = (
      await server.app.inject({ method: 'GET', url: '/-/', headers: { accept: 'text/plain' } })
    ).body;
    expect(discovery).toMatch(/Category: bronze; scheme="[^"]+"; class="mixin"; title="Bronze"/);
    expect(discovery).not.toMatch(/Category: gold;/);
    await server.close();
  });

  it('a broken catalogue stops the server with a message naming the option and the file', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify([{ term: 'bad term', title: 'x' }]));
    const r = await runServerCommand(['--store', 'memory:', '--port', '0', '--os-templates', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--os-templates: ${file}:`);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{');
    const r2 = await runServerCommand(['--store', 'memory:', '--port', '0', '--os-templates', notJson]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`--os-templates: cannot read ${notJson}`);
  });
});

describe('TLS', () => {
  it('serves HTTPS with --tls-cert and --tls-key', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      {
        stdio: 'ignore',
      },
    );
    const server = await build(['--tls-cert', cert, '--tls-key', key]);
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
    const response = await request(`https://127.0.0.1:${port}/-/`, {
      dispatcher,
      headers: { accept: 'text/plain' },
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toContain('Category: compute;');
    await dispatcher.close();
    await server.close();
  });
});
