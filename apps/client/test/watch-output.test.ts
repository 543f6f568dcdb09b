/**
 * `--watch` (a watched unchanged entity costs a 304: counted on the
 * server's /metrics), the data output formats (yaml, name, custom-columns,
 * --columns, jsonpath) and the completion of names from the endpoint
 * (bash through the scripts, fish's syntax when fish is there).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonPath, queryJsonPath } from '../src/jsonpath.js';
import {
  CLIENT_ROOT,
  cliBundle,
  occi,
  type Result,
  removeCliBundle,
  type ServerProcess,
  startServer,
} from './support/processes.js';

const exec = promisify(execFile);
const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
let server: ServerProcess;
let dir: string;
let web: string;
let db: string;

const cli = (
  args: string[],
  options: { interrupt?: (out: string) => boolean; env?: Record<string, string> } = {},
) =>
  occi(args, {
    env: { OCCI_ENDPOINT: server.url, OCCI_WATCH_INTERVAL_MS: '100', ...options.env },
    ...options,
  });

async function create(title: string, cores: number): Promise<string> {
  const response = await fetch(`${server.url}/compute/`, {
    method: 'POST',
    headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
    body: JSON.stringify({
      kind: `${INFRA}compute`,
      attributes: { 'occi.core.title': title, 'occi.compute.cores': cores },
    }),
  });
  return new URL(response.headers.get('location')!, server.url).pathname;
}

/** GETs of entities the server answered, by status (its Prometheus counters). */
async function entityGets(): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(
    /occi_http_requests_total\{method="GET",route="\/compute\/:entity",status="(\d+)"\} (\d+)/g,
  ))
    out[m[1]!] = Number(m[2]);
  return out;
}

beforeAll(async () => {
  server = await startServer(['--extensions', 'infrastructure,crtp']);
  dir = await mkdtemp(join(CLIENT_ROOT, 'test', '.watch-'));
  web = await create('web', 2);
  db = await create('db', 4);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  await removeCliBundle();
});

describe('--watch', () => {
  it('get --watch: one row, then a row per change; an unchanged entity costs a 304; ends when it is deleted', async () => {
    const before = await entityGets();
    let acted = false;
    const watched = cli(['get', web, '--watch'], {
      interrupt: (out) => {
        // Once the first row is out: let a few polls find it unchanged, then start it, then delete it.
        if (!acted && out.split('\n').length === 3) {
          acted = true;
          setTimeout(async () => {
            const unchanged = await entityGets();
            expect((unchanged['304'] ?? 0) - (before['304'] ?? 0)).toBeGreaterThanOrEqual(3);
            await fetch(`${server.url}${web}?action=start`, {
              method: 'POST',
              headers: { 'content-type': 'application/occi+json' },
              body: JSON.stringify({ action: `${INFRA.replace('#', '/compute/action#')}start` }),
            });
            setTimeout(() => fetch(`${server.url}${web}`, { method: 'DELETE' }), 400);
          }, 500);
        }
        return false;
      },
    });
    const r = await watched;
    expect(r).toEqual({
      code: 0,
      stdout: [
        'LOCATION                                       KIND     TITLE  STATE     MIXINS',
        `${web}  compute  web    inactive`,
        `${web}  compute  web    active`,
        `${web}  compute  web    (deleted)`,
        '',
      ].join('\n'),
      stderr: '',
    });
    const after = await entityGets();
    // One plain GET (200) at the start, one 200 for the change, a 404 at the end; the rest 304s.
    expect((after['200'] ?? 0) - (before['200'] ?? 0)).toBe(2);
    expect((after['404'] ?? 0) - (before['404'] ?? 0)).toBe(1);
  });

  it('list --watch -o json: one line per entity and change, with its event; Ctrl-C ends it with 0', async () => {
    let added: string | undefined;
    const r = await cli(['list', 'compute', '--watch', '-o', 'json'], {
      interrupt: (out) => {
        const lines = out.split('\n').filter((l) => l !== '');
        if (lines.length === 1 && !added) {
          added = 'pending';
          void create('cache', 1).then((l) => {
            added = l;
          });
        }
        return lines.length === 2;
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; location: string; title: string });
    expect(events.map((e) => [e.event, e.location, e.title])).toEqual([
      ['ADDED', db, 'db'],
      ['ADDED', added, 'cache'],
    ]);
  });
});

describe('output formats', () => {
  it('yaml, name, custom-columns, --columns and jsonpath, from what -o json prints', async () => {
    const [yaml, name, columns, custom, path, filter] = await Promise.all([
      cli(['get', db, '-o', 'yaml']),
      cli(['list', 'compute', '-o', 'name', '--filter', 'occi.core.title=db']),
      cli([
        'list',
        'compute',
        '--filter',
        'occi.core.title=db',
        '--columns',
        'title,occi.compute.cores,state,site',
      ]),
      cli([
        'get',
        db,
        '-o',
        "custom-columns=TITLE:.title,CORES:.attributes['occi.compute.cores'],MIXINS:.mixins",
      ]),
      cli(['get', db, '-o', 'jsonpath={.attributes.occi\\.compute\\.cores}']),
      cli(['list', 'compute', '-o', 'jsonpath=$[?(@.attributes["occi.compute.cores"] >= 4)].title']),
    ]);
    expect(yaml.stdout).toBe(
      [
        `location: ${db}`,
        `id: urn:uuid:${db.split('/').pop()}`,
        `kind: ${INFRA}compute`,
        'mixins: []',
        'title: db',
        'attributes:',
        '  occi.compute.state: inactive',
        '  occi.compute.cores: 4',
        'actions:',
        `  - ${INFRA.replace('#', '/compute/action#')}start`,
        'links: []',
        'version: "1"',
        '',
      ].join('\n'),
    );
    expect(name).toEqual({ code: 0, stdout: `${db}\n`, stderr: '' });
    expect(columns.stdout).toBe(
      'TITLE  OCCI.COMPUTE.CORES  STATE     SITE\ndb     4                   inactive  <none>\n',
    );
    // An empty list is an empty cell; a missing value is <none>.
    expect(custom.stdout).toBe('TITLE  CORES  MIXINS\ndb     4\n');
    expect(path).toEqual({ code: 0, stdout: '4\n', stderr: '' });
    expect(filter.stdout).toBe('db\n');
    const [bad, both, noNames] = await Promise.all([
      cli(['get', db, '-o', 'jsonpath=$[']),
      cli(['list', 'compute', '--columns', 'title', '-o', 'json']),
      cli(['parse', '-o', 'name', '--as', 'entity'], {}),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^occi: option '-o, --output <format>' argument '\S+' is invalid\. JSONPath "\$\[": /,
    );
    expect(both.stderr).toBe('occi: --columns prints a table: it cannot go with --output json\n');
    expect(noNames.code).not.toBe(0);
  });

  it('the JSONPath subset: members, indexes, slices, wildcards, descendants, unions, filters', () => {
    const data = {
      items: [
        { n: 'a', v: 1, t: ['x'] },
        { n: 'b', v: 2 },
        { n: 'c', v: 3, t: ['y', 'z'] },
      ],
    };
    const q = (p: string) => queryJsonPath(parseJsonPath(p), data);
    expect(q('$.items[0].n')).toEqual(['a']);
    expect(q('.items[-1].n')).toEqual(['c']);
    expect(q('$.items[0:2].n')).toEqual(['a', 'b']);
    expect(q('$.items[::-1].n')).toEqual(['c', 'b', 'a']);
    expect(q('$.items[*].v')).toEqual([1, 2, 3]);
    expect(q('$..t[*]')).toEqual(['x', 'y', 'z']);
    expect(q("$.items[0]['n','v']")).toEqual(['a', 1]);
    expect(q('$.items[?(@.v > 1 && @.n != "c")].n')).toEqual(['b']);
    expect(q('$.items[?@.t].n')).toEqual(['a', 'c']);
    expect(q('$.items[?(@.n =~ /^[ab]$/)].v')).toEqual([1, 2]);
    expect(q('{.items[1].n}')).toEqual(['b']);
    expect(() => parseJsonPath('$.items[?(@.v >)]')).toThrow(/JSONPath/);
  });
});

describe('completion of names from the endpoint', () => {
  it('bash: mixins, actions, attributes and locations; cached; silent when the endpoint is down', async () => {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'occi'), `#!/bin/sh\nexec "${process.execPath}" "${await cliBundle()}" "$@"\n`);
    await chmod(join(bin, 'occi'), 0o755);
    const script = join(dir, 'occi.bash');
    await writeFile(script, (await cli(['completion', 'bash'])).stdout);
    const cache = join(dir, 'cache');
    const complete = async (words: string[]) => {
      const line = words.map((w) => `'${w}'`).join(' ');
      const r = await exec(
        'bash',
        [
          '-c',
          `source ${script}; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _occi; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        {
          env: {
            PATH: `${bin}:${process.env.PATH}`,
            OCCI_ENDPOINT: server.url,
            XDG_CACHE_HOME: cache,
            HOME: dir,
          },
        },
      );
      return r.stdout.split('\n').filter((l) => l !== '');
    };
    expect(await complete(['occi', 'create', 'compute', '--mixin', 'me'])).toEqual([
      'medium',
      'mem_small',
      'mem_medium',
      'mem_large',
    ]);
    expect(await complete(['occi', 'action', db, 'st'])).toEqual(['start', 'stop']);
    expect(await complete(['occi', 'list', 'compute', '--filter', 'occi.compute.co'])).toEqual([
      'occi.compute.cores=',
    ]);
    expect(await complete(['occi', 'get', '/compute/'])).toContain(db);
    expect((await readdir(join(cache, 'occi', 'completion'))).length).toBe(1);
    expect(await complete(['occi', '-e', 'http://127.0.0.1:1', 'get', ''])).toEqual([]);
    const down: Result = await occi(['-e', 'http://127.0.0.1:1', '__complete', 'kinds']);
    expect(down).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fish: a script fish reads (when fish is installed)', async (context) => {
    const fish = await exec('fish', ['--version']).then(
      () => true,
      () => false,
    );
    if (!fish) return context.skip('fish is not installed');
    const r = await cli(['completion', 'fish']);
    expect(r.stdout).toMatch(/^# fish completion for occi/);
    await writeFile(join(dir, 'occi.fish'), r.stdout);
    await expect(exec('fish', ['-n', join(dir, 'occi.fish')])).resolves.toBeDefined();
  });
});
