/** TLS client certificates: verified against --tls-client-ca, their subject mapped to a user. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type OcciServer } from '../../src/app.js';
import { hashPassword, normalizeDn, subjectDn, writeUsersFile } from '../../src/auth/index.js';
import { parseConfig } from '../../src/config.js';
import { type Issued, issue, makeCa, rfc2253Subject } from '../support/certificates.js';
import { basicHeader, FAST, temporaryDirectory } from './support.js';

const COMPUTE = 'http://schemas.ogf.org/occi/infrastructure#compute';

describe('distinguished names', () => {
  it('normalise: types upper-cased, escapes decoded, spaces around separators dropped, multi-valued RDNs sorted', () => {
    const same = [
      'CN=alice,O=Example\\, Inc.,C=DE',
      'cn = alice , o=Example\\2C Inc. ,c=DE',
      'CN=alice,O=Example\\, Inc.,C=DE',
    ].map((dn) => normalizeDn(dn));
    expect(new Set(same.map((n) => JSON.stringify(n))).size).toBe(1);
    expect(normalizeDn('UID=42+CN=bob,O=Ex')).toEqual(normalizeDn('CN=bob + UID=42, O=Ex'));
    expect(normalizeDn('CN=\\C3\\A4lice')).toEqual(normalizeDn('CN=älice'));
    expect(normalizeDn('CN=a\\ ')).not.toEqual(normalizeDn('CN=a'));
    expect(normalizeDn('')).toEqual({ problem: 'a distinguished name cannot be empty' });
    expect(normalizeDn('CN')).toEqual({ problem: '"CN" is not type=value' });
    expect(normalizeDn('C N=x')).toEqual({ problem: '"C N" is not an attribute type' });
    expect(normalizeDn('CN=a\\q')).toEqual({ problem: 'the value of CN has a bad escape' });
  });

  it('read from a certificate, equal what openssl prints (RFC 2253), however odd the subject', async () => {
    const dir = await temporaryDirectory();
    const ca = makeCa(dir, 'ca');
    for (const [name, subject] of [
      ['plain', '/C=DE/O=Example/CN=alice'],
      ['odd', '/C=DE/O=Example, Inc./OU=a\\+b/CN=älice "x"=y;z<w>/emailAddress=a@b.c'],
    ] as const) {
      const issued = issue(dir, ca, name, subject);
      const fromNode = subjectDn(new X509Certificate(issued.cert));
      expect(fromNode).toEqual((normalizeDn(rfc2253Subject(issued.certFile)) as { dn: string }).dn);
    }
  });
});

describe('client certificates over TLS', () => {
  let dir: string;
  let ca: Issued;
  let alice: Issued;
  let root: Issued;
  let carol: Issued;
  let bob: Issued;
  let dan: Issued;
  let rogue: Issued;
  const servers: OcciServer[] = [];

  beforeAll(async () => {
    // Kept for the whole suite (temporaryDirectory() is removed after each test).
    dir = await mkdtemp(join(tmpdir(), 'occi-certs-'));
    ca = makeCa(dir, 'ca');
    const other = makeCa(dir, 'other-ca');
    issue(dir, ca, 'server', '/CN=localhost', true);
    alice = issue(dir, ca, 'alice', '/C=DE/O=Example, Inc./CN=Alice Example');
    root = issue(dir, ca, 'root', '/O=Example, Inc./CN=Operations');
    carol = issue(dir, ca, 'carol', '/O=Example, Inc./CN=Carol');
    bob = issue(dir, ca, 'bob', '/O=Example/CN=bob');
    dan = issue(dir, ca, 'dan', '/O=Example/CN=Dan Smith');
    rogue = issue(dir, other, 'rogue', '/C=DE/O=Example, Inc./CN=Alice Example');
    await writeUsersFile(join(dir, 'users.json'), {
      version: 1,
      users: {
        alice: { password: await hashPassword('alice-password', FAST), admin: false, tokens: [] },
        root: { password: await hashPassword('root-password', FAST), admin: true, tokens: [] },
      },
      certificates: {
        // As `openssl x509 -noout -subject -nameopt RFC2253` prints them.
        [rfc2253Subject(alice.certFile)]: 'alice',
        'CN=Operations, O=Example\\2C Inc.': 'root',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function start(extra: string[] = []): Promise<string> {
    const server = await buildServer(
      parseConfig({
        argv: [
          '--store',
          'memory:',
          '--log-level',
          'silent',
          '--port',
          '0',
          '--tls-cert',
          join(dir, 'server.crt'),
          '--tls-key',
          join(dir, 'server.key'),
          '--tls-client-ca',
          ca.certFile,
          '--users-file',
          join(dir, 'users.json'),
          ...extra,
        ],
        env: {},
      }),
      { authenticator: { passwordParams: FAST } },
    );
    servers.push(server);
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    return `https://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  }

  const as = (client?: Issued) =>
    new Agent({ connect: { ca: ca.cert, ...(client ? { cert: client.cert, key: client.key } : {}) } });
  const request = (base: string, path: string, client?: Issued, init: Record<string, unknown> = {}) =>
    fetch(`${base}${path}`, { dispatcher: as(client), headers: { accept: 'text/plain' }, ...init });

  it('maps a verified certificate to the user the users file names for its subject', async () => {
    const base = await start();
    const created = await request(base, '/compute/', alice, {
      method: 'POST',
      headers: { 'content-type': 'application/occi+json', accept: 'text/plain' },
      body: JSON.stringify({ kind: COMPUTE }),
    });
    expect(created.status).toBe(201);
    const path = new URL(created.headers.get('location')!).pathname;
    expect((await request(base, path, alice)).status).toBe(200);
    // The same user with a password sees it; the admin's certificate (table entry written otherwise) too.
    expect(
      (
        await request(base, path, undefined, {
          headers: { authorization: basicHeader('alice', 'alice-password') },
        })
      ).status,
    ).toBe(200);
    expect((await request(base, path, root)).status).toBe(200);
    // An Authorization header wins over the certificate.
    const other = await request(base, path, alice, {
      headers: { authorization: basicHeader('root', 'root-password'), accept: 'text/plain' },
    });
    expect(other.status).toBe(200);
  });

  it('refuses with 401 naming why: a subject without user, a certificate of another CA, none at all', async () => {
    const base = await start();
    const unknown = await request(base, '/compute/', carol);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('no user for the client certificate CN=Carol,O=Example\\, Inc.');
    const untrusted = await request(base, '/compute/', rogue);
    expect(untrusted.status).toBe(401);
    expect(await untrusted.text()).toContain('the client certificate is not trusted');
    const none = await request(base, '/compute/');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic realm="occi"');
  });

  it('with --tls-client-user cn, takes a CN that is a valid user name when the table has no entry', async () => {
    const base = await start(['--tls-client-user', 'cn']);
    expect((await request(base, '/compute/', bob)).status).toBe(200);
    expect((await request(base, '/compute/', alice)).status).toBe(200); // the table still wins
    expect((await request(base, '/compute/', carol)).status).toBe(200); // "Carol" is a valid user name
    const spaced = await request(base, '/compute/', dan);
    expect(spaced.status).toBe(401);
    expect(await spaced.text()).toContain(
      'no user for the client certificate CN=Dan Smith,O=Example (its CN is no user name)',
    );
  });

  it('refuses client certificates without TLS, and the table without a users file', () => {
    expect(() => parseConfig({ argv: ['--tls-client-ca', ca.certFile], env: {} })).toThrow(
      '--tls-client-ca: client certificates need TLS: give --tls-cert and --tls-key too',
    );
    expect(() =>
      parseConfig({
        argv: [
          '--tls-cert',
          join(dir, 'server.crt'),
          '--tls-key',
          join(dir, 'server.key'),
          '--tls-client-ca',
          ca.certFile,
        ],
        env: {},
      }),
    ).toThrow(
      '--tls-client-ca: the table of certificate subjects is in the users file: give --users-file, or --tls-client-user cn',
    );
  });
});
