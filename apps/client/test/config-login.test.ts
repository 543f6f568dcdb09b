/**
 * Profiles without editing JSON (`occi config`), credentials checked and
 * kept (`occi login`, `occi logout`), a password asked for without echo —
 * through the streams the CLI takes (a fake terminal) and through a real
 * pseudo-terminal — and the config file kept private: written 0600, a
 * readable one with credentials warned about, a writable one refused.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import {
  baseEnv,
  CLIENT_ROOT,
  cliBundle,
  occi,
  occiServer,
  removeCliBundle,
  type ServerProcess,
  startServer,
} from './support/processes.js';

const exec = promisify(execFile);
let server: ServerProcess;
let dir: string;
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(join(CLIENT_ROOT, 'test', '.config-'));
  const users = join(dir, 'users.json');
  await occiServer(
    ['users', 'add', 'alice', '--password-stdin', '--users-file', users],
    {},
    'alice-secret-1',
  );
  token = /occi_\S+/.exec((await occiServer(['users', 'token', 'alice', '--users-file', users])).stdout)![0];
  server = await startServer(['--users-file', users]);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  await removeCliBundle();
});

const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

/** The CLI in this process, on a fake terminal: what it printed, and the raw-mode switches it made. */
async function onTerminal(argv: string[], typed: string, env: Record<string, string>) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, raw: [] as boolean[] });
  Object.assign(stdin, { setRawMode: (on: boolean) => stdin.raw.push(on) });
  let stdout = '';
  let stderr = '';
  const streams = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: true },
    stdin,
    env: { XDG_CACHE_HOME: '/dev/null/occi-no-cache', ...env },
  };
  stdin.write(typed);
  const code = await run(argv, streams, '0.0.0-test');
  return { code, stdout, stderr, raw: stdin.raw };
}

describe('occi config', () => {
  it('adds, lists, shows, changes, renames, switches, groups and removes profiles; the file stays 0600', async () => {
    const home = await mkdtemp(join(dir, 'home-'));
    const env = { XDG_CONFIG_HOME: join(home, 'cfg') };
    const path = join(home, 'cfg', 'occi', 'config.json');
    const cli = (...args: string[]) => occi(args, { env });
    expect(await cli('config', 'add', 'lab', server.url)).toEqual({
      code: 0,
      stdout: `added profile "lab" (${server.url}), in use\n`,
      stderr: '',
    });
    expect([await mode(path), await mode(join(home, 'cfg', 'occi'))]).toEqual(['600', '700']);
    const prod = await cli(
      'config',
      'add',
      'prod',
      'https://cloud.example.com/occi',
      'user=alice',
      'output=json',
      'timeout=30',
    );
    expect(prod.stdout).toBe('added profile "prod" (https://cloud.example.com/occi)\n');
    expect((await cli('config', 'list')).stdout).toBe(
      [
        'CURRENT  NAME  ENDPOINT                        AUTH',
        `*        lab   ${server.url.padEnd(30)}  none`,
        '         prod  https://cloud.example.com/occi  user alice',
        '',
      ].join('\n'),
    );
    expect((await cli('config', 'set', 'prod', 'timeout=', 'output=yaml')).stdout).toBe(
      'changed profile "prod"\n',
    );
    expect((await cli('config', 'show', 'prod')).stdout).toBe(
      `profile   prod\nfile      ${path}\nendpoint  https://cloud.example.com/occi\nuser      alice\noutput    yaml\n`,
    );
    expect((await cli('config', 'use', 'prod')).stdout).toBe(
      'using profile "prod" (https://cloud.example.com/occi)\n',
    );
    expect((await cli('config', 'rename', 'prod', 'production')).stdout).toBe(
      'renamed profile "prod" to "production"\n',
    );
    expect((await cli('config', 'group', 'eu', 'lab', 'production')).stdout).toBe(
      'group "eu": lab, production\n',
    );
    expect((await cli('config', 'remove', 'lab')).stdout).toBe('removed profile "lab"\n');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      default: 'production',
      profiles: { production: { endpoint: 'https://cloud.example.com/occi', user: 'alice', output: 'yaml' } },
      groups: { eu: ['production'] },
    });
    expect(await mode(path)).toBe('600');
    const [secret, exists, badName] = await Promise.all([
      cli('config', 'set', 'production', 'password=hunter2'),
      cli('config', 'add', 'production', server.url),
      cli('config', 'add', 'a:b', server.url),
    ]);
    expect(secret).toEqual({
      code: 2,
      stdout: '',
      stderr: `occi: password: give it to "occi login" (it asks without echo), not on the command line, where your shell's history would keep it\n`,
    });
    expect(exists.stderr).toBe(
      'occi: profile "production" exists: change it with "occi config set production key=value"\n',
    );
    expect(badName.code).toBe(2);
  });

  it('credentials in a file others may read: a warning with the fix; a file others may write: refused', async () => {
    const path = join(dir, 'loose.json');
    await writeFile(path, JSON.stringify({ default: 'p', profiles: { p: { endpoint: server.url, token } } }));
    await chmod(path, 0o644);
    const env = { OCCI_CONFIG: path };
    const readable = await occi(['list', 'compute', '-q'], { env });
    expect(readable).toEqual({
      code: 0,
      stdout: '',
      stderr: `occi: warning: the config file ${path} holds credentials and others may read it (mode 0644); run: chmod 600 ${path}\n`,
    });
    const fixed = await occi(['config', 'set', 'p', 'timeout=10'], { env });
    expect(fixed.stderr).toContain(
      `occi: note: ${path} was mode 0644; it is now 0600 (only you may read it)\n`,
    );
    expect(await mode(path)).toBe('600');
    await chmod(path, 0o666);
    expect(await occi(['list', 'compute'], { env })).toEqual({
      code: 2,
      stdout: '',
      stderr: `occi: the config file ${path} is writable by others (mode 0666): whoever can change it can send your credentials elsewhere; run: chmod 600 ${path}\n`,
    });
  });
});

describe('occi login', () => {
  it('asks for the password without echo on a terminal, checks it, keeps it (0600)', async () => {
    const config = join(dir, 'login-terminal.json');
    const r = await onTerminal(['login', 'lab', '-e', server.url, '-u', 'alice'], 'alice-secret-1\r', {
      OCCI_CONFIG: config,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.raw).toEqual([true, false]);
    expect(r.stdout).toBe(
      `logged in to ${server.url} as alice: kept in profile "lab" of ${config} (mode 0600)\n`,
    );
    expect(r.stderr).toBe(
      `Password for alice at ${server.url}: \nocci: note: the password is kept, as the server offers no API token over OCCI; "occi login --with-token" keeps a token instead\n`,
    );
    expect(JSON.parse(await readFile(config, 'utf8'))).toEqual({
      default: 'lab',
      profiles: { lab: { endpoint: server.url, user: 'alice', password: 'alice-secret-1' } },
    });
    expect(await mode(config)).toBe('600');
    // The profile now works without flags; a user without a password is asked on a terminal too.
    expect((await occi(['list', 'compute', '-q'], { env: { OCCI_CONFIG: config } })).code).toBe(0);
    const asked = await onTerminal(
      ['-e', server.url, '-u', 'alice', 'list', 'compute'],
      'alice-secret-1x\x7f\r',
      {},
    );
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stderr).toBe(`Password for alice at ${server.url}: \n`);
    const cancelled = await onTerminal(['-e', server.url, '-u', 'alice', 'list', 'compute'], 'abc\x03', {});
    expect(cancelled).toMatchObject({
      code: 130,
      stderr: `Password for alice at ${server.url}: \nocci: cancelled\n`,
    });
  });

  it('a refused password is exit code 5 and keeps nothing; a token from standard input; logout', async () => {
    const config = join(dir, 'login-stdin.json');
    const env = { OCCI_CONFIG: config };
    const wrong = await occi(['login', 'lab', '-e', server.url, '-u', 'alice', '--password-stdin'], {
      env,
      input: 'nope-nope\n',
    });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toMatch(
      new RegExp(`^occi: login refused: .*\\(HTTP 401, GET ${server.url}/-/\\)\\n$`),
    );
    await expect(stat(config)).rejects.toThrow();
    const noTerminal = await occi(['login', 'lab', '-e', server.url, '-u', 'alice'], { env });
    expect(noTerminal).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'occi: no terminal to ask for the password on: give --password-stdin and the password on standard input\n',
    });
    const withToken = await occi(['login', 'ops', '-e', server.url, '--with-token'], {
      env,
      input: `${token}\n`,
    });
    expect(withToken).toEqual({
      code: 0,
      stdout: `logged in to ${server.url} with a token: kept in profile "ops" of ${config} (mode 0600)\n`,
      stderr: '',
    });
    expect(JSON.parse(await readFile(config, 'utf8')).profiles.ops).toEqual({ endpoint: server.url, token });
    expect(await occi(['logout', 'ops'], { env })).toEqual({
      code: 0,
      stdout: 'logged out: profile "ops" keeps no password or token now\n',
      stderr: '',
    });
    expect(JSON.parse(await readFile(config, 'utf8')).profiles.ops).toEqual({ endpoint: server.url });
  });

  it('on a real pseudo-terminal, what is typed is not echoed', async (context) => {
    const python = await exec('python3', ['-c', 'import pty']).then(
      () => true,
      () => false,
    );
    if (!python) return context.skip('python3 with pty is needed for a pseudo-terminal');
    const config = join(dir, 'login-pty.json');
    // The child gets a pty as its terminal; the parent types once the prompt is there and reads everything back.
    const script = `
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execve(sys.argv[1], sys.argv[1:], dict(os.environ))
out = b''
deadline = time.time() + 20
while b'Password' not in out and time.time() < deadline:
    try:
        out += os.read(fd, 1024)
    except OSError:
        break
time.sleep(0.2)
os.write(fd, b'alice-secret-1\\r')
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode())
sys.exit(os.waitstatus_to_exitcode(status))
`;
    const bundle = await cliBundle();
    const r = await exec(
      'python3',
      ['-c', script, process.execPath, bundle, 'login', 'lab', '-e', server.url, '-u', 'alice'],
      {
        env: baseEnv({ OCCI_CONFIG: config }),
      },
    );
    expect(r.stdout).toContain(`Password for alice at ${server.url}: `);
    expect(r.stdout).toContain(`logged in to ${server.url} as alice`);
    expect(r.stdout).not.toContain('alice-secret-1');
    expect(JSON.parse(await readFile(config, 'utf8')).profiles.lab.password).toBe('alice-secret-1');
  });
});
