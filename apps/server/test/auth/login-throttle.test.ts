/** Failed logins slowed per user and per address; password hashes upgraded on login; bounded hashing. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer, type OcciServer } from '../../src/app.js';
import {
  HashLimiter,
  hashPassword,
  LoginThrottle,
  LoginThrottled,
  writeUsersFile,
} from '../../src/auth/index.js';
import { parseConfig } from '../../src/config.js';
import { basicHeader, FAST, temporaryDirectory } from './support.js';

function clock(start = 1_800_000_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('LoginThrottle', () => {
  const policy = { free: 2, baseMs: 1000, maxMs: 8000 };

  it('lets `free` failures pass, then doubles the wait after each failure, up to the cap', () => {
    const time = clock();
    const t = new LoginThrottle({ user: policy, address: { ...policy, free: 100 }, now: time.now });
    const waitAfter = () => {
      t.failed('alice', '192.0.2.1');
      try {
        t.check('alice', '192.0.2.1');
        return 0;
      } catch (error) {
        expect(error).toBeInstanceOf(LoginThrottled);
        return (error as LoginThrottled).retryAfterSeconds;
      }
    };
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const wait = waitAfter();
      waits.push(wait);
      time.advance(wait * 1000);
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 8, 8]);
    t.succeeded('alice');
    expect(() => t.check('alice', '192.0.2.1')).not.toThrow();
  });

  it('counts per address across names, and a success does not clear the address', () => {
    const time = clock();
    const t = new LoginThrottle({ user: policy, address: policy, now: time.now });
    t.failed('a', '192.0.2.1');
    t.failed('b', '192.0.2.1');
    t.failed('c', '192.0.2.1');
    t.succeeded('mine');
    expect(() => t.check('d', '192.0.2.1')).toThrow('too many failed logins from this address; retry in 1 s');
    expect(() => t.check('d', '192.0.2.2')).not.toThrow();
  });

  it('forgets counts after an idle hour and keeps at most maxEntries', () => {
    const time = clock();
    const t = new LoginThrottle({ user: policy, address: policy, now: time.now, maxEntries: 10 });
    for (let i = 0; i < 3; i++) t.failed('alice', undefined);
    expect(() => t.check('alice', undefined)).toThrow(LoginThrottled);
    time.advance(60 * 60_000 + 1);
    expect(() => t.check('alice', undefined)).not.toThrow();
    for (let i = 0; i < 50; i++) t.failed(`user${i}`, `198.51.100.${i}`);
    expect(t.size).toBe(10);
  });
});

describe('HashLimiter', () => {
  it('runs at most `limit` at once and refuses beyond the queue', async () => {
    const limiter = new HashLimiter(2, 1);
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const job = () =>
      limiter.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
      });
    const jobs = [job(), job(), job()];
    await expect(job()).rejects.toThrow('too many logins are being checked right now; retry in a second');
    while (release.length > 0 || running > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      release.shift()?.();
    }
    await Promise.all(jobs);
    expect(most).toBe(2);
  });
});

describe('failed logins through the server', () => {
  async function start(users: Record<string, string>, target = FAST) {
    const path = join(await temporaryDirectory(), 'users.json');
    const file = {
      version: 1 as const,
      users: {} as Record<string, { password: string; admin: boolean; tokens: [] }>,
    };
    for (const [name, password] of Object.entries(users))
      file.users[name] = { password: await hashPassword(password, FAST), admin: false, tokens: [] };
    await writeUsersFile(path, file);
    const time = clock(Date.now());
    const server = await buildServer(
      parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent', '--users-file', path], env: {} }),
      { authenticator: { passwordParams: target, now: time.now } },
    );
    return { server, time, path };
  }
  const login = (server: OcciServer, user: string, password: string, address = '192.0.2.1') =>
    server.app.inject({
      method: 'GET',
      url: '/-/',
      remoteAddress: address,
      headers: { authorization: basicHeader(user, password), accept: 'text/plain' },
    });

  it('answers 429 with Retry-After after five failures for a name, known or not, alike', async () => {
    const { server, time } = await start({ alice: 'alice-password' });
    for (const user of ['alice', 'nobody']) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await login(server, user, `wrong-${i}`)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
      const waiting = await login(server, user, 'alice-password');
      expect(waiting.statusCode).toBe(429);
      expect(waiting.headers['retry-after']).toBe('1');
      expect(waiting.body).toBe('too many failed logins for this user; retry in 1 s (or use an API token)\n');
    }
    time.advance(1000);
    expect((await login(server, 'alice', 'alice-password')).statusCode).toBe(200);
    // The success cleared alice's count: the next failure is an ordinary 401.
    expect((await login(server, 'alice', 'wrong')).statusCode).toBe(401);
    await server.close();
  });

  it('slows an address spraying many names, not the others', async () => {
    const { server } = await start({ alice: 'alice-password' });
    for (let i = 0; i < 21; i++)
      expect((await login(server, `name${i}`, 'x', '203.0.113.9')).statusCode).toBe(401);
    const sprayed = await login(server, 'alice', 'alice-password', '203.0.113.9');
    expect(sprayed.statusCode).toBe(429);
    expect(sprayed.body).toContain('too many failed logins from this address');
    expect((await login(server, 'alice', 'alice-password', '203.0.113.10')).statusCode).toBe(200);
    // An IPv6 client is counted by its /64.
    for (let i = 0; i < 21; i++) await login(server, `v6name${i}`, 'x', `2001:db8:1:2::${i + 1}`);
    expect((await login(server, 'alice', 'alice-password', '2001:db8:1:2:ffff::1')).statusCode).toBe(429);
    await server.close();
  });

  it('upgrades a hash made at a lower cost on the next successful login, not on a failed one', async () => {
    const target = { N: 2048, r: 8, p: 1 };
    const { server, path } = await start({ alice: 'alice-password' }, target);
    const stored = async () =>
      (JSON.parse(await readFile(path, 'utf8')) as { users: { alice: { password: string } } }).users.alice
        .password;
    const before = await stored();
    expect(before).toMatch(/^scrypt\$1024\$/);
    expect((await login(server, 'alice', 'wrong')).statusCode).toBe(401);
    expect((await login(server, 'alice', 'alice-password')).statusCode).toBe(200);
    await server.close(); // waits for the upgrade
    const after = await stored();
    expect(after).toMatch(/^scrypt\$2048\$8\$1\$/);
    const again = await buildServer(
      parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent', '--users-file', path], env: {} }),
      { authenticator: { passwordParams: target } },
    );
    expect((await login(again, 'alice', 'alice-password')).statusCode).toBe(200);
    await again.close();
    expect(await stored()).toBe(after);
  });
});
