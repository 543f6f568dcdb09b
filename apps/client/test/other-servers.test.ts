/**
 * occi against a server that is not ours: an OCCI 1.1 server written from
 * the documents (packages/http/test/fixtures/occi11-server.ts) — a JSON
 * array to the JSON discovery, text discovery without the Core kinds or
 * attribute types, `201` + Location + `OK` to a create.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import {
  INFRA,
  type Occi11Server,
  startOcci11Server,
} from '../../../packages/http/test/fixtures/occi11-server.js';
import { occi, type Result, removeCliBundle } from './support/processes.js';

const FIRST_ACCEPT = 'application/occi+json, text/plain;q=0.5, text/occi;q=0.1';
const PLAIN_ACCEPT = 'text/plain, text/occi;q=0.1';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const COMPUTE_CATEGORY = `Category: compute; scheme="${INFRA}"; class="kind"`;

afterAll(removeCliBundle);

interface Setup {
  server: Occi11Server;
  cache: string;
  /** occi against the server, with the cache directory of this test. */
  cli(...args: string[]): Promise<Result>;
  /** The Accept of each discovery request, in order. */
  discoveries(): (string | undefined)[];
}

/** A server and a cache directory of the test's own (the tests run concurrently). */
async function setup({ onTestFinished }: TestContext): Promise<Setup> {
  const server = await startOcci11Server();
  const cache = await mkdtemp(join(tmpdir(), 'occi-cli-cache-'));
  onTestFinished(async () => {
    await server.close();
    await rm(cache, { recursive: true, force: true });
  });
  return {
    server,
    cache,
    cli: (...args) => occi(['--endpoint', server.url, ...args], { env: { XDG_CACHE_HOME: cache } }),
    discoveries: () => server.requests.filter((r) => r.url === '/-/').map((r) => r.accept),
  };
}

describe.concurrent('occi against an OCCI 1.1 server', () => {
  it('discovery: JSON cannot be read, text/plain can; what worked is kept per endpoint and asked for first', async (context) => {
    const { server, cache, cli, discoveries } = await setup(context);
    const first = await cli('discover');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        'Kinds',
        '  entity  http://schemas.ogf.org/occi/core#entity',
        '  ├─ resource  http://schemas.ogf.org/occi/core#resource',
        `  │  ├─ compute  /compute/  ${INFRA}compute  actions: start stop`,
        `  │  └─ network  /network/  ${INFRA}network`,
        '  └─ link  http://schemas.ogf.org/occi/core#link',
        `     └─ networkinterface  /link/networkinterface/  ${INFRA}networkinterface`,
        '',
        'Mixins',
        `  os_tpl  /os_tpl/  ${INFRA}os_tpl`,
        '',
        'Actions',
        '  start  http://schemas.ogf.org/occi/infrastructure/compute/action#start  on: compute',
        '  stop  http://schemas.ogf.org/occi/infrastructure/compute/action#stop  on: compute',
        '',
      ].join('\n'),
    );
    const file = join(cache, 'occi', 'endpoints.json');
    expect(first.stderr).toBe(
      `occi: note: ${server.url}: discovery could not be read in the renderings preferred over text/plain; occi asks for text/plain first from now on (kept in ${file})\n`,
    );
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      [server.url]: { discoveredIn: 'text/plain' },
    });
    expect(discoveries()).toEqual([FIRST_ACCEPT, PLAIN_ACCEPT]);

    // The next command asks for text/plain at once, and has nothing to say about it.
    const list = await cli('list', 'compute', '-q');
    expect(list).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(discoveries().slice(2)).toEqual([PLAIN_ACCEPT]);

    // `occi discover` learns again: JSON first, then text/plain; nothing new to say.
    const again = await cli('discover', '--table', '--class', 'action');
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(discoveries().slice(3)).toEqual([FIRST_ACCEPT, PLAIN_ACCEPT]);
  });

  it('create -r plain: 201 with a Location and `OK` is success (exit 0, the location); values typed by their look', async (context) => {
    const { server, cli } = await setup(context);
    const created = await cli(
      'create',
      'compute',
      '-r',
      'plain',
      '--attr',
      'occi.compute.memory=2',
      '--attr',
      'occi.compute.hostname=web',
      '--attr',
      'occi.compute.cores=2.5',
      '--attr',
      'occi.compute.architecture:="64"',
      '--attr',
      'occi.core.title=7',
      '--attr',
      'example.enabled=true',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`^/compute/${UUID}\\n$`));
    const [post] = server.writes();
    expect(post).toMatchObject({ method: 'POST', url: '/compute/', contentType: 'text/plain' });
    expect(post!.body.split('\r\n')).toEqual([
      COMPUTE_CATEGORY,
      'X-OCCI-Attribute: occi.core.title="7"',
      'X-OCCI-Attribute: occi.compute.memory=2',
      'X-OCCI-Attribute: occi.compute.hostname="web"',
      'X-OCCI-Attribute: occi.compute.cores=2.5',
      'X-OCCI-Attribute: occi.compute.architecture="64"',
      'X-OCCI-Attribute: example.enabled=true',
      '',
    ]);
  });

  it('create -o json: the entity is read from its location', async (context) => {
    const { server, cli } = await setup(context);
    const created = await cli('-o', 'json', 'create', 'compute', '--attr', 'occi.compute.cores=2');
    expect(created.code).toBe(0);
    const entity = JSON.parse(created.stdout) as { location: string; attributes: Record<string, unknown> };
    expect(entity.location).toMatch(new RegExp(`^/compute/${UUID}$`));
    expect(entity.attributes).toEqual({ 'occi.compute.cores': 2 });
    expect(server.writes().map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /compute/',
      `GET ${entity.location}`,
    ]);
  });

  it('link: a kind the server relates to Core link is a kind of link, though it lists no Core kind', async (context) => {
    const { server, cli } = await setup(context);
    const linked = await cli(
      'link',
      '/compute/1',
      '/network/2',
      '--kind',
      'networkinterface',
      '--attr',
      'occi.networkinterface.interface=eth0',
    );
    expect(linked.code).toBe(0);
    expect(linked.stdout).toMatch(new RegExp(`^/link/networkinterface/${UUID}\\n$`));
    expect(server.writes()[0]!.body.split('\r\n')).toEqual([
      `Category: networkinterface; scheme="${INFRA}"; class="kind"`,
      'X-OCCI-Attribute: occi.core.source="/compute/1"',
      'X-OCCI-Attribute: occi.core.target="/network/2"',
      `X-OCCI-Attribute: occi.core.target.kind="${INFRA}network"`,
      'X-OCCI-Attribute: occi.networkinterface.interface="eth0"',
      '',
    ]);
    // An inline link of that kind, too.
    const inline = await cli('create', 'compute', '--link', '/network/2,networkinterface');
    expect(inline.code).toBe(0);
    expect(server.writes()[1]!.body).toContain(
      `Link: </network/2>; rel="${INFRA}network"; category="${INFRA}networkinterface"`,
    );
  });

  it('update and action answered `OK`: exit 0; update shows the entity read back', async (context) => {
    const { server, cli } = await setup(context);
    const location = (await cli('create', 'compute')).stdout.trim();
    const updated = await cli('-o', 'json', 'update', location, '--attr', 'occi.compute.memory=4');
    expect(updated.code).toBe(0);
    expect((JSON.parse(updated.stdout) as { attributes: unknown }).attributes).toEqual({
      'occi.compute.memory': 4,
    });
    const stopped = await cli('action', location, 'stop', '--attr', 'method=acpioff');
    expect(stopped).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.writes().map((r) => [`${r.method} ${r.url}`, r.body])).toEqual([
      ['POST /compute/', `${COMPUTE_CATEGORY}\r\n`],
      [`POST ${location}`, 'X-OCCI-Attribute: occi.compute.memory=4\r\n'],
      [`GET ${location}`, ''],
      [
        `POST ${location}?action=stop`,
        'Category: stop; scheme="http://schemas.ogf.org/occi/infrastructure/compute/action#"; class="action"\r\nX-OCCI-Attribute: method="acpioff"\r\n',
      ],
    ]);
  });
});
