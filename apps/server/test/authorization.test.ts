/**
 * Authentication and authorization of the composed server: HTTP Basic
 * against the users file, 401 with WWW-Authenticate, and a matrix of
 * users × operations proving that nobody sees or touches another user's
 * entities or mixins, while an administrator sees all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyUsersFile, hashPassword, writeUsersFile } from '../src/auth/index.js';
import { parseConfig } from '../src/config.js';
import { buildServer, type OcciServer } from '../src/index.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const ACTION = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const USERS = {
  alice: basic('alice', 'alice-secret-1'),
  bob: basic('bob', 'bob-secret-12'),
  root: basic('root', 'root-secret-1'),
};
type User = keyof typeof USERS;

let server: OcciServer;

async function call(
  user: User | undefined,
  method: string,
  url: string,
  body = '',
  headers: Record<string, string> = {},
) {
  return server.app.inject({
    method: method as 'GET',
    url,
    headers: {
      accept: 'text/plain',
      ...(body ? { 'content-type': 'text/plain' } : {}),
      ...(user ? { authorization: USERS[user] } : {}),
      ...headers,
    },
    ...(body ? { payload: body } : {}),
  });
}

const computeBody = (hostname: string) =>
  `Category: compute; scheme="${INFRA}"; class="kind"\nX-OCCI-Attribute: occi.compute.hostname="${hostname}"\n`;
const locations = (body: string) =>
  body
    .split('\n')
    .filter((l) => l.startsWith('X-OCCI-Location:'))
    .map((l) => new URL(l.slice(16).trim()).pathname);

async function create(user: User, url: string, body: string): Promise<string> {
  const r = await call(user, 'POST', url, body);
  expect(r.statusCode, r.body).toBe(201);
  return new URL(String(r.headers.location)).pathname;
}

let aliceVm: string;
let aliceNet: string;
let bobVm: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'occi-authz-'));
  const usersFile = join(dir, 'users.json');
  const file = emptyUsersFile();
  file.users.alice = { password: await hashPassword('alice-secret-1'), admin: false, tokens: [] };
  file.users.bob = { password: await hashPassword('bob-secret-12'), admin: false, tokens: [] };
  file.users.root = { password: await hashPassword('root-secret-1'), admin: true, tokens: [] };
  await writeUsersFile(usersFile, file);
  server = await buildServer(
    parseConfig({
      argv: ['--store', 'memory:', '--users-file', usersFile, '--log-level', 'silent'],
      env: {},
    }),
  );
  aliceVm = await create('alice', '/compute/', computeBody('alice-vm'));
  aliceNet = await create('alice', '/network/', `Category: network; scheme="${INFRA}"; class="kind"\n`);
  bobVm = await create('bob', '/compute/', computeBody('bob-vm'));
  const mixin = `Category: alice_tag; scheme="http://example.com/alice#"; class="mixin"; location="/alice_tag/"\n`;
  expect((await call('alice', 'POST', '/-/', mixin)).statusCode).toBe(200);
  const tagged = await call('alice', 'POST', '/alice_tag/', `X-OCCI-Location: ${aliceVm}\n`);
  expect(tagged.statusCode, tagged.body).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate without credentials', async () => {
    const r = await call(undefined, 'GET', '/-/');
    expect(r.statusCode).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Basic realm="occi"/);
    expect(r.headers['content-type']).toBe('text/plain');
  });

  it('answers 401 to a wrong password, without saying which part was wrong', async () => {
    const r = await server.app.inject({
      method: 'GET',
      url: '/-/',
      headers: { authorization: basic('alice', 'nope-nope-nope') },
    });
    expect(r.statusCode).toBe(401);
    expect(r.body).toMatch(/invalid credentials/);
  });

  it('answers 401 to a malformed Authorization header, never 500', async () => {
    for (const authorization of [
      'Basic !!!',
      'Basic',
      'Bearer',
      'Digest x',
      'Basic ' + Buffer.from('nocolon').toString('base64'),
    ]) {
      const r = await server.app.inject({ method: 'GET', url: '/-/', headers: { authorization } });
      expect(r.statusCode, authorization).toBe(401);
    }
  });

  it('lets a user in with the right password', async () => {
    expect((await call('alice', 'GET', '/-/')).statusCode).toBe(200);
  });
});

describe('authorization matrix', () => {
  const action = `Category: start; scheme="${ACTION}"; class="action"\n`;
  const operations: [string, (u: User) => Promise<number>][] = [
    ['GET the entity', async (u) => (await call(u, 'GET', aliceVm)).statusCode],
    ['HEAD the entity', async (u) => (await call(u, 'HEAD', aliceVm)).statusCode],
    ['PUT (replace) the entity', async (u) => (await call(u, 'PUT', aliceVm, computeBody('x'))).statusCode],
    [
      'POST (update) the entity',
      async (u) => (await call(u, 'POST', aliceVm, 'X-OCCI-Attribute: occi.compute.cores=2\n')).statusCode,
    ],
    [
      'POST an action on the entity',
      async (u) => (await call(u, 'POST', `${aliceVm}?action=start`, action)).statusCode,
    ],
    [
      'link to the entity',
      async (u) => {
        const own = u === 'alice' ? aliceVm : u === 'bob' ? bobVm : aliceVm;
        const body = `Category: networkinterface; scheme="${INFRA}"; class="kind"\nX-OCCI-Attribute: occi.core.source="${own}"\nX-OCCI-Attribute: occi.core.target="${aliceNet}"\n`;
        return (await call(u, 'POST', '/networkinterface/', body)).statusCode;
      },
    ],
    [
      'associate the entity with a mixin',
      async (u) => (await call(u, 'POST', '/os_tpl/', `X-OCCI-Location: ${aliceVm}\n`)).statusCode,
    ],
  ];
  const expected: Record<User, number[]> = {
    alice: [200, 200, 200, 200, 200, 201, 200],
    // PUT at a location another user's entity holds cannot create there either: 403.
    bob: [404, 404, 403, 404, 404, 400, 404],
    root: [200, 200, 200, 200, 409, 201, 200],
  };
  for (const user of ['bob', 'alice', 'root'] as User[]) {
    it.each(operations.map(([name, run], i) => [name, run, i] as const))(
      `${user}: %s`,
      async (_name, run, i) => {
        expect(await run(user)).toBe(expected[user][i]);
      },
    );
  }

  it("lists, filters and unbound paths show only the caller's entities; the admin sees all", async () => {
    const list = async (u: User, url: string, headers: Record<string, string> = {}) =>
      locations((await call(u, 'GET', url, '', headers)).body);
    expect(await list('bob', '/compute/')).toEqual([bobVm]);
    expect(await list('bob', '/')).toEqual([bobVm]);
    expect(
      await list('bob', '/compute/', { 'x-occi-attribute': 'occi.compute.hostname="alice-vm"' }),
    ).toEqual([]);
    expect((await list('alice', '/compute/')).sort()).toEqual([aliceVm].sort());
    expect((await list('root', '/compute/')).sort()).toEqual([aliceVm, bobVm].sort());
  });

  it("collection actions and deletes touch only the caller's entities", async () => {
    const bobStop = `Category: stop; scheme="${ACTION}"; class="action"\n`;
    await call(
      'bob',
      'POST',
      '/compute/?action=start',
      `Category: start; scheme="${ACTION}"; class="action"\n`,
    );
    await call('bob', 'POST', '/compute/?action=stop', bobStop);
    const victim = await create('alice', '/compute/', computeBody('survivor'));
    expect((await call('bob', 'DELETE', '/compute/')).statusCode).toBe(200);
    expect((await call('alice', 'GET', victim)).statusCode).toBe(200);
    expect((await call('bob', 'GET', bobVm)).statusCode).toBe(404);
  });

  it('user mixins are private: others neither see, use nor delete them', async () => {
    const discovery = async (u: User) => (await call(u, 'GET', '/-/')).body;
    expect(await discovery('alice')).toContain('alice_tag');
    expect(await discovery('bob')).not.toContain('alice_tag');
    expect(await discovery('root')).toContain('alice_tag');
    expect((await call('bob', 'GET', '/alice_tag/')).statusCode).toBe(404);
    const bobVm2 = await create('bob', '/compute/', computeBody('bob-2'));
    expect((await call('bob', 'POST', '/alice_tag/', `X-OCCI-Location: ${bobVm2}\n`)).statusCode).toBe(404);
    const del = `Category: alice_tag; scheme="http://example.com/alice#"; class="mixin"\n`;
    expect((await call('bob', 'DELETE', '/-/', del)).statusCode).toBe(404);
    expect(await discovery('alice')).toContain('alice_tag');
    expect((await call('alice', 'GET', '/alice_tag/')).statusCode).toBe(200);
  });
});
