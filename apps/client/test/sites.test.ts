/**
 * One command across several sites (`--sites`): three of our servers on
 * loopback — a with CRTP's templates, b without them and with users (its
 * profile holds an API token), c down (nothing listens) — listed, searched,
 * acted on, compared (discover) and placed on, with a line per failed site
 * and exit code 10 when some answered.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ROOT,
  occi,
  occiServer,
  type Result,
  removeCliBundle,
  type ServerProcess,
  startServer,
} from './support/processes.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DOWN = 'http://127.0.0.1:1';
const DOWN_LINE = `cannot connect to the OCCI endpoint ${DOWN}: connection refused (GET ${DOWN}/-/)`;

let a: ServerProcess;
let b: ServerProcess;
let dir: string;
let config: string;

const cli = (...args: string[]): Promise<Result> => occi(args, { env: { OCCI_CONFIG: config } });

beforeAll(async () => {
  dir = await mkdtemp(join(CLIENT_ROOT, 'test', '.sites-'));
  const users = join(dir, 'users.json');
  const added = await occiServer(
    ['users', 'add', 'alice', '--password-stdin', '--users-file', users],
    {},
    'alice-secret-1',
  );
  expect(added.code, added.stderr).toBe(0);
  const token = /occi_\S+/.exec(
    (await occiServer(['users', 'token', 'alice', '--users-file', users])).stdout,
  )![0];
  [a, b] = await Promise.all([
    startServer(['--extensions', 'infrastructure,crtp']),
    startServer(['--extensions', 'infrastructure', '--users-file', users]),
  ]);
  config = join(dir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      default: 'a',
      profiles: { a: { endpoint: a.url }, b: { endpoint: b.url, token }, c: { endpoint: DOWN } },
      groups: { all: ['a', 'b', 'c'] },
    }),
    { mode: 0o600 },
  );
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
  await removeCliBundle();
});

describe('--sites', () => {
  let atA: string;
  let atB: string;

  it('create --place first: the first site that offers everything asked for; why the others were skipped', async () => {
    const r = await cli('create', 'compute', '--mixin', 'medium', '--title', 'web', '--sites', 'all');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^a:/compute/${UUID}\\n$`));
    expect(r.stderr).toBe(
      [
        `occi: site b skipped: it does not offer what is asked for: the server's model has no mixin "medium"`,
        `occi: site c skipped: no answer: ${DOWN_LINE}`,
        'occi: placed at a: the first site that offers everything asked for',
        '',
      ].join('\n'),
    );
    atA = r.stdout.trim().slice(2);
  });

  it('create --place spread: the site with the fewest of the kind; --place <site> there or nowhere', async () => {
    const spread = await cli('create', 'compute', '--title', 'db', '--sites', 'a,b', '--place', 'spread');
    expect(spread.code, spread.stderr).toBe(0);
    expect(spread.stdout).toMatch(new RegExp(`^b:/compute/${UUID}\\n$`));
    expect(spread.stderr).toBe('occi: placed at b: it holds the fewest compute (0)\n');
    atB = spread.stdout.trim().slice(2);
    const json = await cli('create', 'compute', '--sites', 'a,b', '--place', 'spread', '-o', 'json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      site: 'a',
      kind: 'http://schemas.ogf.org/occi/infrastructure#compute',
    });
    expect(json.stderr).toBe('occi: placed at a: it holds the fewest compute (1)\n');
    const nowhere = await cli('create', 'compute', '--mixin', 'medium', '--sites', 'a,b', '--place', 'b');
    expect(nowhere).toEqual({
      code: 3,
      stdout: '',
      stderr: `occi: site b skipped: it does not offer what is asked for: the server's model has no mixin "medium"\nocci: not placed at b\n`,
    });
    const badPlace = await cli('create', 'compute', '--sites', 'a,b', '--place', 'z');
    expect(badPlace).toEqual({
      code: 2,
      stdout: '',
      stderr: 'occi: --place "z" is not first, spread or one of the sites (a, b)\n',
    });
  });

  it('list: a SITE column; an unreachable site is one line on stderr and exit code 10', async () => {
    const r = await cli('--sites', 'all', 'list', 'compute', '--columns', 'site,title,state');
    expect(r).toEqual({
      code: 10,
      stdout: [
        'SITE  TITLE   STATE',
        'a     web     inactive',
        'a     <none>  inactive',
        'b     db      inactive',
        '',
      ].join('\n'),
      stderr: `occi: site c: ${DOWN_LINE}\n`,
    });
    const table = await cli('--sites', 'a,b', 'list', 'compute');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe(
      'SITE  LOCATION                                       KIND     TITLE  STATE     MIXINS',
    );
    expect(table.stdout).toContain(`\na     ${atA}  compute  web    inactive  medium\n`);
    const names = await cli('--sites', 'a,b', 'list', 'compute', '-o', 'name');
    expect(
      names.stdout
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    ).toEqual(expect.arrayContaining([`a:${atA}`, `b:${atB}`]));
    const allDown = await cli('--sites', 'c', 'list', 'compute');
    expect(allDown).toEqual({ code: 7, stdout: '', stderr: `occi: site c: ${DOWN_LINE}\n` });
  });

  it('get: site:location, or a bare id found at one site; not found anywhere is 3, or 10 when a site did not answer', async () => {
    const bySite = await cli('--sites', 'a,b', 'get', `b:${atB}`, '-o', 'jsonpath=$.site');
    expect(bySite).toEqual({ code: 0, stdout: 'b\n', stderr: '' });
    const id = atA.split('/').pop()!;
    const byId = await cli('--sites', 'all', 'get', id);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toMatch(new RegExp(`^site +a\\nlocation +${atA}\\n`));
    const missing = '00000000-0000-4000-8000-000000000000';
    const [none, partly] = await Promise.all([
      cli('--sites', 'a,b', 'get', missing),
      cli('--sites', 'all', 'get', missing),
    ]);
    expect(none).toEqual({ code: 3, stdout: '', stderr: `occi: no entity ${missing} at any site (a, b)\n` });
    expect(partly).toEqual({
      code: 10,
      stdout: '',
      stderr: `occi: site c: ${DOWN_LINE}\nocci: no entity ${missing} at a, b; the other sites did not answer\n`,
    });
  });

  it('discover: which site offers which kinds, mixins and templates', async () => {
    const r = await cli('discover', '--sites', 'all');
    expect(r.code).toBe(10);
    expect(r.stderr).toBe(`occi: site c: ${DOWN_LINE}\n`);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('CLASS         NAME                a    b    c');
    expect(lines).toContain('kind          compute             yes  yes  ?');
    expect(lines).toContain('os_tpl        debian-12           yes  yes  ?');
    expect(lines).toContain('resource_tpl  medium              yes  -    ?');
    const json = JSON.parse((await cli('discover', '--sites', 'a,b', '-o', 'json')).stdout) as {
      sites: unknown[];
      categories: { id: string; group: string; sites: Record<string, boolean> }[];
    };
    expect(json.sites).toEqual([
      { site: 'a', answered: true },
      { site: 'b', answered: true },
    ]);
    expect(json.categories.find((c) => c.id.endsWith('/template/1.1#small'))).toMatchObject({
      group: 'resource_tpl',
      sites: { a: true, b: false },
    });
  });

  it('action on a kind acts at every site; delete takes site:location and names it', async () => {
    const started = await cli('--sites', 'a,b', 'action', 'compute', 'start', '-o', 'name');
    expect(started.code, started.stderr).toBe(0);
    expect(
      started.stdout
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    ).toEqual(expect.arrayContaining([`a:${atA}`, `b:${atB}`]));
    const states = await cli(
      '--sites',
      'a,b',
      'list',
      'compute',
      '-o',
      'jsonpath=$[*].attributes["occi.compute.state"]',
    );
    expect(new Set(states.stdout.trim().split('\n'))).toEqual(new Set(['active']));
    const deleted = await cli('--sites', 'a,b', 'delete', `b:${atB}`, atA.split('/').pop()!);
    expect(deleted).toEqual({ code: 0, stdout: `deleted b:${atB}\ndeleted a:${atA}\n`, stderr: '' });
  });

  it('usage: a command of one site, names that are neither profiles nor groups, flags of one endpoint', async () => {
    const [describeCmd, unknown, endpoint] = await Promise.all([
      cli('--sites', 'a,b', 'describe', 'compute'),
      cli('--sites', 'a,zz', 'list', 'compute'),
      cli('--sites', 'a,b', '-e', a.url, 'list', 'compute'),
    ]);
    expect(describeCmd).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'occi: --sites: occi describe works on one site; choose it with --profile (commands across sites: list, get, action, delete, discover, create)\n',
    });
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: `occi: --sites: no profile or group "zz" in ${config} (known: a, b, c, all (group)); add one with "occi config add"\n`,
    });
    expect(endpoint.stderr).toBe(
      "occi: --sites takes each site's endpoint and credentials from its profile: --endpoint cannot go with it\n",
    );
  });
});
