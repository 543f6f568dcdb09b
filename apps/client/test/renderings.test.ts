/**
 * Every command against the real server app, in each of the three wire
 * formats (`--rendering json|plain|occi`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occi, type Result, removeCliBundle, type ServerProcess, startServer } from './support/processes.js';

const COMPUTE = 'http://schemas.ogf.org/occi/infrastructure#compute';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function ok(r: Result): string {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

afterAll(removeCliBundle);

describe.each(['json', 'plain', 'occi'] as const)('occi --rendering %s', (rendering) => {
  let server: ServerProcess;
  const cli = (...args: string[]) =>
    occi(['--endpoint', server.url, '--rendering', rendering, ...args], {
      env: { OCCI_WAIT_INTERVAL_MS: '100' },
    });
  /** Creates a compute resource and returns its location. */
  const compute = async (...args: string[]) => ok(await cli('create', 'compute', ...args)).trim();

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.concurrent('', { timeout: 120_000 }, () => {
    it('discover: a tree, a table, JSON and the text rendering of /-/', async () => {
      const [tree, tableOut, asJson, text] = await Promise.all([
        cli('discover'),
        cli('discover', '--table', '--class', 'mixin'),
        cli('--output', 'json', 'discover'),
        cli('--output', 'text', 'discover', '--class', 'kind'),
      ]);
      expect(ok(tree)).toMatch(/^Kinds\n {2}entity {2}http:\/\/schemas\.ogf\.org\/occi\/core#entity\n/);
      expect(tree.stdout).toMatch(
        /│ {2}├─ compute {2}\/compute\/ {2}http:\/\/schemas\.ogf\.org\/occi\/infrastructure#compute {2}actions: start stop restart suspend save\n/,
      );
      expect(tree.stdout).toContain(
        '  ├─ ubuntu-24.04  /os_tpl/ubuntu-24.04/  http://occi.example/os_tpl#ubuntu-24.04\n',
      );
      expect(ok(tableOut).split('\n')[0]).toMatch(/^CLASS +TERM +SCHEME +LOCATION +TITLE$/);
      expect(tableOut.stdout).toMatch(
        /\nmixin +small +http:\/\/schemas\.ogf\.org\/occi\/infrastructure\/compute\/template\/1\.1# +\/resource_tpl\/small\//,
      );
      expect(tableOut.stdout).not.toMatch(/\nkind /);
      const model = JSON.parse(ok(asJson)) as {
        kinds: { id: string; location?: string }[];
        actions: unknown[];
      };
      expect(model.kinds.find((k) => k.id === COMPUTE)?.location).toBe('/compute/');
      expect(model.actions.length).toBeGreaterThan(5);
      expect(ok(text)).toMatch(
        /^Category: entity; scheme="http:\/\/schemas\.ogf\.org\/occi\/core#"; class="kind"/,
      );
      expect(text.stdout).not.toContain('class="mixin"');
    });

    it('describe: attribute definitions of a kind, a mixin by family#term, an action, a location; names resolve or fail', async () => {
      const [kind, mixin, action, location, ambiguous, unknown, wrongClass] = await Promise.all([
        cli('describe', 'compute'),
        cli('describe', 'os_tpl#ubuntu'),
        cli('--output', 'json', 'describe', 'compute#start'),
        cli('describe', '/storage/'),
        cli('describe', 'start'),
        cli('describe', 'computer'),
        cli('list', 'start'),
      ]);
      expect(ok(kind)).toMatch(/^kind compute {2}http:\/\/schemas\.ogf\.org\/occi\/infrastructure#compute\n/);
      expect(kind.stdout).toMatch(/\nATTRIBUTE +TYPE +REQUIRED +MUTABLE +DEFAULT +FROM +DESCRIPTION\n/);
      expect(kind.stdout).toMatch(
        /\nocci\.compute\.cores +integer +no +yes +compute +Number of virtual CPU cores/,
      );
      expect(kind.stdout).toMatch(
        /\nocci\.compute\.state +string: active\|inactive\|suspended\|error +no +no +inactive +compute /,
      );
      expect(kind.stdout).toMatch(/\nocci\.core\.title +string +no +yes +entity /);
      expect(ok(mixin)).toMatch(/^mixin ubuntu-24\.04 {2}http:\/\/occi\.example\/os_tpl#ubuntu-24\.04\n/);
      expect(mixin.stdout).toContain('depends   http://schemas.ogf.org/occi/infrastructure#os_tpl');
      const start = JSON.parse(ok(action)) as Record<string, unknown>;
      expect(start).toMatchObject({
        id: 'http://schemas.ogf.org/occi/infrastructure/compute/action#start',
        class: 'action',
      });
      expect(ok(location)).toMatch(/^kind storage /);
      expect(location.stdout).toMatch(/\nocci\.storage\.size +number +yes +yes /);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toBe(
        'occi: "start" is ambiguous: it names http://schemas.ogf.org/occi/infrastructure/compute/action#start, http://schemas.ogf.org/occi/platform/application/action#start, http://schemas.ogf.org/occi/platform/component/action#start; give the type identifier or family#term\n',
      );
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toBe(
        `occi: the server's model has no kind, mixin or action "computer" — did you mean compute (${COMPUTE})?\n`,
      );
      expect(wrongClass.code).toBe(2);
      expect(wrongClass.stderr).toMatch(/is an action, not a kind or mixin\n$/);
    });

    it('create, get (by location, URN and UUID), update, replace, delete', async () => {
      const location = await compute(
        '--attr',
        'occi.compute.memory=2',
        '--mixin',
        'os_tpl#ubuntu',
        '--title',
        'web-1',
        '--summary',
        'front end',
      );
      expect(location).toMatch(new RegExp(`^/compute/${UUID.source}$`));
      const uuid = UUID.exec(location)![0];
      const [byLocation, byUrn, byUuid, asText] = await Promise.all([
        cli('get', location),
        cli('--output', 'json', 'get', `urn:uuid:${uuid}`),
        cli('--output', 'json', 'get', uuid),
        cli('--output', 'text', 'get', location),
      ]);
      expect(ok(byLocation)).toContain(
        `location  ${location}\nid        urn:uuid:${uuid}\nkind      compute ${COMPUTE}\n`,
      );
      expect(byLocation.stdout).toContain('title     web-1\n');
      expect(byLocation.stdout).toContain('state     inactive\n');
      expect(byLocation.stdout).toMatch(/\n {2}occi\.compute\.memory +2\n/);
      const entity = JSON.parse(ok(byUrn)) as Record<string, unknown>;
      expect(entity).toMatchObject({
        location,
        id: `urn:uuid:${uuid}`,
        kind: COMPUTE,
        mixins: ['http://occi.example/os_tpl#ubuntu-24.04'],
        title: 'web-1',
        summary: 'front end',
        attributes: { 'occi.compute.memory': 2, 'occi.compute.state': 'inactive' },
        actions: ['http://schemas.ogf.org/occi/infrastructure/compute/action#start'],
      });
      expect(JSON.parse(ok(byUuid))).toMatchObject({ location, id: `urn:uuid:${uuid}` });
      expect(ok(asText)).toMatch(
        /^Category: compute; scheme="http:\/\/schemas\.ogf\.org\/occi\/infrastructure#"; class="kind"\n/,
      );
      expect(asText.stdout).toContain('X-OCCI-Attribute: occi.compute.memory=2\n');

      const updated = JSON.parse(
        ok(
          await cli(
            '--output',
            'json',
            'update',
            location,
            '--attr',
            'occi.compute.cores=4',
            '--title',
            'web-2',
          ),
        ),
      );
      expect(updated).toMatchObject({
        title: 'web-2',
        attributes: { 'occi.compute.cores': 4, 'occi.compute.memory': 2 },
      });
      // If-Match with a stale version: 412, exit code 4.
      const stale = await cli(
        'update',
        location,
        '--attr',
        'occi.compute.cores=8',
        '--if-match',
        '"not-the-version"',
      );
      expect(stale.code).toBe(4);
      expect(stale.stderr).toMatch(
        /^occi: .*\(HTTP 412, POST http:\/\/127\.0\.0\.1:\d+\/compute\/[^)]+\)\n$/,
      );

      const replaced = JSON.parse(
        ok(await cli('--output', 'json', 'replace', location, '--attr', 'occi.compute.cores=1')),
      );
      expect(replaced.attributes['occi.compute.cores']).toBe(1);
      expect(replaced.attributes['occi.compute.memory']).toBeUndefined();
      expect(replaced.title).toBeUndefined();

      expect(ok(await cli('delete', location))).toBe(`deleted ${location}\n`);
      const gone = await cli('get', location);
      expect(gone.code).toBe(3);
      expect(gone.stderr).toMatch(/^occi: .*\(HTTP 404, GET http:\/\/127\.0\.0\.1:\d+\/compute\/[^)]+\)\n$/);
      const noId = await cli('get', 'urn:uuid:00000000-0000-4000-8000-000000000000');
      expect(noId.code).toBe(3);
    });

    it('list: table, JSON, text, locations only, filters by attribute and category, pages', async () => {
      const title = `list-${rendering}`;
      const a = await compute('--title', title, '--attr', 'occi.compute.cores=3', '--mixin', 'os_tpl#debian');
      const b = await compute('--title', title, '--attr', 'occi.compute.cores=5');
      const [tableOut, byCores, byCategory, asJson, asText, page1, page2, all] = await Promise.all([
        cli('list', 'compute', '--filter', `occi.core.title=${title}`),
        cli(
          'list',
          'compute',
          '-q',
          '--filter',
          'occi.compute.cores=5',
          '--filter',
          `occi.core.title=${title}`,
        ),
        cli('list', 'compute', '-q', '--category', 'os_tpl#debian', '--filter', `occi.core.title=${title}`),
        cli('--output', 'json', 'list', '/compute/', '--filter', `occi.core.title=${title}`),
        cli('--output', 'text', 'list', 'compute', '--filter', `occi.core.title=${title}`),
        cli('list', 'compute', '-q', '--number', '1', '--page', '1', '--filter', `occi.core.title=${title}`),
        cli('list', 'compute', '-q', '--number', '1', '--page', '2', '--filter', `occi.core.title=${title}`),
        cli('list', 'compute', '-q', '--all', '--number', '1', '--filter', `occi.core.title=${title}`),
      ]);
      const lines = ok(tableOut).trimEnd().split('\n');
      expect(lines[0]).toMatch(/^LOCATION +KIND +TITLE +STATE +MIXINS$/);
      expect(lines.find((l) => l.startsWith(a))).toMatch(
        new RegExp(`^${a} +compute +${title} +inactive +debian-12$`),
      );
      expect(lines.find((l) => l.startsWith(b))).toMatch(new RegExp(`^${b} +compute +${title} +inactive$`));
      expect(lines.length).toBe(3);
      expect(ok(byCores)).toBe(`${b}\n`);
      expect(ok(byCategory)).toBe(`${a}\n`);
      const entities = JSON.parse(ok(asJson)) as { location: string; attributes: Record<string, unknown> }[];
      expect(entities.map((e) => e.location).sort()).toEqual([a, b].sort());
      expect(ok(asText).split('\n').filter(Boolean).sort()).toEqual(
        [`X-OCCI-Location: ${server.url}${a}`, `X-OCCI-Location: ${server.url}${b}`].sort(),
      );
      const [p1, p2] = [ok(page1).trim(), ok(page2).trim()];
      expect([p1, p2].sort()).toEqual([a, b].sort());
      expect(ok(all).trim().split('\n').sort()).toEqual([a, b].sort());
      const badPage = await cli('list', 'compute', '--page', '0');
      expect(badPage.code).toBe(2);
      expect(badPage.stderr).toBe('occi: --page "0" must be a positive integer\n');
    });

    it('action: on an entity with --wait, on a collection, and a --wait that times out (exit 8)', async () => {
      const title = `act-${rendering}`;
      const location = await compute('--title', title);
      const started = await cli('--output', 'json', 'action', location, 'start', '--wait', 'active');
      expect(JSON.parse(ok(started)).attributes['occi.compute.state']).toBe('active');
      const timeout = await cli('action', location, 'stop', '--wait', 'suspended', '--wait-timeout', '0.5');
      expect(timeout.code).toBe(8);
      expect(timeout.stderr).toBe(
        `occi: timed out after ${/after ([\d.]+) s/.exec(timeout.stderr)?.[1]} s waiting for ${location} to be suspended (occi.compute.state is inactive)\n`,
      );
      // A whole collection: the action applies to every entity of the kind (HTTP §9.4).
      const networks = [ok(await cli('create', 'network')).trim(), ok(await cli('create', 'network')).trim()];
      const all = await cli('action', 'network', 'up');
      expect(ok(all)).toContain(networks[0]);
      expect(all.stdout).toContain(networks[1]);
      const check = JSON.parse(ok(await cli('--output', 'json', 'get', networks[1]!)));
      expect(check.attributes['occi.network.state']).toBe('active');
      // The action's parameters are typed from discovery; the server rejects a wrong value (400: exit 1).
      const bad = await cli('action', location, 'stop', '--attr', 'method=sideways');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(
        /^occi: .*method.*\(HTTP 400, POST http:\/\/127\.0\.0\.1:\d+\/compute\/[^?]+\?action=stop\)\n$/,
      );
      const notAnAction = await cli('action', location, 'explode');
      expect(notAnAction.code).toBe(3);
    });

    it('occi.core.title and occi.core.summary through --attr are the title and summary', async () => {
      const created = await cli(
        '--output',
        'json',
        'create',
        'compute',
        '--attr',
        'occi.core.title=web-1',
        '--attr',
        'occi.core.summary=the front end',
      );
      expect(JSON.parse(ok(created))).toMatchObject({ title: 'web-1', summary: 'the front end' });
      const [disagree, unknown] = await Promise.all([
        cli('create', 'compute', '--attr', 'occi.core.title=a', '--title', 'b'),
        cli('create', 'compute', '--attr', 'occi.core.colour=red'),
      ]);
      expect(disagree).toMatchObject({
        code: 2,
        stderr: 'occi: --attr occi.core.title=a and --title b disagree: give one\n',
      });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe(
        'occi: --attr occi.core.colour: not a Core attribute a client sets; known: occi.core.id, occi.core.title, occi.core.summary, occi.core.source, occi.core.target\n',
      );
    });

    it('create --wait reaches the initial state; inline --link; link between resources', async () => {
      const network = ok(await cli('create', 'network', '--title', 'net')).trim();
      const created = await cli(
        '--output',
        'json',
        'create',
        'compute',
        '--link',
        `${network},networkinterface`,
        '--wait',
        'inactive',
      );
      const entity = JSON.parse(ok(created));
      expect(entity.links).toHaveLength(1);
      expect(entity.links[0]).toMatchObject({
        kind: 'http://schemas.ogf.org/occi/infrastructure#networkinterface',
        target: { location: network },
      });
      const storage = ok(await cli('create', 'storage', '--attr', 'occi.storage.size=10')).trim();
      const link = await cli(
        'link',
        entity.location,
        storage,
        '--kind',
        'storagelink',
        '--attr',
        'occi.storagelink.deviceid=vdb',
      );
      const linkLocation = ok(link).trim();
      expect(linkLocation).toMatch(new RegExp(`^/storagelink/${UUID.source}$`));
      const got = JSON.parse(ok(await cli('--output', 'json', 'get', linkLocation)));
      expect(got).toMatchObject({
        source: { location: entity.location },
        target: { location: storage },
        attributes: { 'occi.storagelink.deviceid': 'vdb' },
      });
      const notALink = await cli('link', entity.location, storage, '--kind', 'compute');
      expect(notALink.code).toBe(2);
      expect(notALink.stderr).toBe('occi: compute is not a kind of link\n');
      const missing = await cli(
        'create',
        'compute',
        '--link',
        '/network/00000000-0000-4000-8000-000000000000',
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/\(HTTP 400, POST /);
    });

    it('mixin create, add, remove, set, delete; a duplicate is a conflict (exit 4)', async () => {
      const id = `http://example.com/${rendering}/tags#prod`;
      const made = await cli(
        'mixin',
        'create',
        id,
        '--title',
        'Production',
        '--location',
        `/tags-${rendering}/prod/`,
      );
      expect(ok(made)).toBe(`${id}  /tags-${rendering}/prod/\n`);
      const again = await cli('mixin', 'create', id, '--location', `/tags-${rendering}/prod2/`);
      expect(again.code).toBe(4);
      expect(again.stderr).toMatch(/\(HTTP 409, POST http:\/\/127\.0\.0\.1:\d+\/-\/\)\n$/);
      const [a, b] = [await compute(), await compute()];
      expect(
        ok(await cli('mixin', 'add', id, a, b))
          .split('\n')
          .filter(Boolean)
          .sort(),
      ).toEqual([a, b].sort());
      expect(ok(await cli('mixin', 'remove', id, a))).toBe(`${b}\n`);
      expect(ok(await cli('--output', 'json', 'mixin', 'set', id, a))).toBe(
        `${JSON.stringify([a], null, 2)}\n`,
      );
      expect(ok(await cli('list', `/tags-${rendering}/prod/`, '-q'))).toBe(`${a}\n`);
      expect(ok(await cli('mixin', 'remove', id, '--all'))).toBe('');
      expect(ok(await cli('mixin', 'delete', id))).toBe(`deleted ${id}\n`);
      const gone = await cli('mixin', 'delete', id);
      expect(gone.code).toBe(3);
      const noScheme = await cli('mixin', 'create', 'prod');
      expect(noScheme.code).toBe(2);
      expect(noScheme.stderr).toBe('occi: mixin "prod" needs a scheme: write scheme#term or give --scheme\n');
    });

    it('delete --collection needs --yes; codegen from the discovered model', async () => {
      const refused = await cli('delete', '--collection', 'component');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        'occi: --collection deletes every entity of component: confirm with --yes\n',
      );
      expect(ok(await cli('delete', '--collection', 'component', '--yes'))).toBe('deleted every component\n');
      const code = ok(await cli('codegen'));
      expect(code).toContain(`    "${COMPUTE}": ComputeAttributes;\n`);
      expect(code).toContain("import type { AttributeValue, ModelTypes } from 'occi';\n");
    });
  });
});
