/**
 * Images the Platform tests build themselves (no registry is reachable),
 * on the busybox test image: a web application (busybox httpd with CGI
 * scripts that reach the components it links to), a small service to be a
 * component, and a "database" (httpd guarding its data with per-user
 * Basic credentials, which its grant and revoke commands add and remove).
 */
import type { EngineClient } from '../../src/engine-client.js';
import type { DatabaseTemplateDefinition } from '../../src/index.js';
import { type TarEntry, tarArchive } from '../../src/tar.js';
import { TEST_IMAGE } from './engine.js';

export const WEB_IMAGE = 'occi-test/web';
export const SERVICE_IMAGE = 'occi-test/service';
export const KV_IMAGE = 'occi-test/kv';
export const CRASH_IMAGE = 'occi-test/crash';
export const WEB_PAGE = 'hello from an OCCI application\n';

const cgi = (body: string) =>
  `#!/bin/sh\n[ -f /etc/occi/context ] && . /etc/occi/context\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\n${body}\n`;

const applets = (...names: string[]): TarEntry[] =>
  names.map((name) => ({ type: 'symlink', path: `bin/${name}`, target: 'busybox' }));

/** Makes `repo:latest` from the busybox image with `files` added and Dockerfile-like `changes`. */
async function build(
  client: EngineClient,
  repo: string,
  files: TarEntry[],
  changes: string[],
): Promise<void> {
  const name = `build-${repo.replace(/\W+/g, '-')}`;
  await client.request('POST', '/containers/create', {
    query: { name },
    json: { Image: TEST_IMAGE, Cmd: ['true'] },
    doing: `create ${name}`,
  });
  await client.request('PUT', `/containers/${name}/archive`, {
    query: { path: '/' },
    tar: tarArchive(files),
    doing: `fill ${name}`,
  });
  await client.request('POST', '/commit', {
    query: { container: name, repo, tag: 'latest', changes },
    json: {},
    doing: `commit ${repo}`,
  });
  await client.request('DELETE', `/containers/${name}`, { query: { force: true }, doing: `remove ${name}` });
}

/** The database template of the kv image, as an operator declares it in the catalogue. */
export const KV_DATABASE: DatabaseTemplateDefinition = {
  image: KV_IMAGE,
  term: 'kv_1',
  title: 'Busybox key-value store 1.0',
  version: '1.0',
  port: 5000,
  uri: 'http://{username}:{token}@{host}:{port}/data/',
  grant: 'echo "/data:$OCCI_DB_USERNAME:$OCCI_DB_TOKEN" >> /etc/httpd.conf && killall -HUP httpd',
  revoke: 'sed -i "/:$OCCI_DB_USERNAME:/d" /etc/httpd.conf && killall -HUP httpd',
  env: { KV_ADMIN_TOKEN: '{secret}' },
};

/** Builds the Platform test images in the engine. */
export async function buildPlatformImages(client: EngineClient): Promise<void> {
  const dirs: TarEntry[] = [
    { type: 'directory', path: 'www' },
    { type: 'directory', path: 'www/cgi-bin' },
  ];
  await build(
    client,
    WEB_IMAGE,
    [
      ...dirs,
      ...applets('httpd', 'wget'),
      { type: 'file', path: 'www/index.html', content: WEB_PAGE },
      {
        type: 'file',
        path: 'www/cgi-bin/greeting',
        mode: 0o755,
        content: cgi('echo "$GREETING, $OCCI_APP_NAME"'),
      },
      {
        type: 'file',
        path: 'www/cgi-bin/reach',
        mode: 0o755,
        content: cgi('for host in $OCCI_COMPONENTS; do wget -q -O - "http://$host:8081/"; done'),
      },
      {
        type: 'file',
        path: 'www/cgi-bin/db',
        mode: 0o755,
        content: cgi('wget -q -O - "$DATABASE_URL" 2>&1'),
      },
    ],
    [
      'LABEL org.occi-ts.app.port=8080',
      'LABEL org.occi-ts.app.title="Busybox web page"',
      'LABEL org.occi-ts.app.env=GREETING',
      'CMD ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"]',
    ],
  );
  await build(
    client,
    SERVICE_IMAGE,
    [...dirs, ...applets('httpd'), { type: 'file', path: 'www/index.html', content: 'pong\n' }],
    [
      'LABEL org.occi-ts.app.port=8081',
      'LABEL org.occi-ts.app.title="Busybox echo service"',
      'CMD ["/bin/httpd", "-f", "-p", "8081", "-h", "/www"]',
    ],
  );
  await build(
    client,
    KV_IMAGE,
    [
      ...applets('httpd', 'killall', 'sed'),
      { type: 'directory', path: 'srv' },
      { type: 'directory', path: 'srv/data' },
      { type: 'file', path: 'srv/data/index.html', content: 'stored data\n' },
    ],
    [
      'CMD ["/bin/sh", "-c", "echo \\"/data:admin:$KV_ADMIN_TOKEN\\" > /etc/httpd.conf && exec httpd -f -p 5000 -h /srv -c /etc/httpd.conf"]',
    ],
  );
  await build(
    client,
    CRASH_IMAGE,
    [],
    ['LABEL org.occi-ts.app.port=8080', 'CMD ["/bin/sh", "-c", "echo cannot start; exit 3"]'],
  );
}
