/**
 * The command line itself: version, help, exit codes for usage, network,
 * server and authentication failures, credentials from flags, environment
 * and profiles, colours, completion, codegen output that typechecks.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import {
  CLIENT_ROOT,
  occi,
  occiServer,
  occiTsx,
  removeCliBundle,
  type ServerProcess,
  startServer,
} from './support/processes.js';

const exec = promisify(execFile);

afterAll(removeCliBundle);

describe('occi from its sources (tsx)', () => {
  it('--version prints the package version; --help lists every command', async () => {
    const version = JSON.parse(await readFile(join(CLIENT_ROOT, 'package.json'), 'utf8')).version as string;
    const [v, help] = await Promise.all([occiTsx(['--version']), occiTsx(['--help'])]);
    expect(v).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(help.code).toBe(0);
    for (const command of [
      'discover',
      'describe',
      'list',
      'get',
      'create',
      'update',
      'replace',
      'delete',
      'action',
      'mixin',
      'link',
      'parse',
      'codegen',
      'config',
      'login',
      'logout',
      'completion',
    ])
      expect(help.stdout).toMatch(new RegExp(`\\n {2}${command}\\b`));
    expect(help.stdout).toContain(
      'Exit codes: 0 ok, 1 invalid request or message, 2 usage, 3 not found, 4 conflict,',
    );
  });
});

describe('--help', () => {
  it('every command and subcommand has a description and an example', () => {
    const program = buildProgram('1.0.0', () => async () => {});
    const all: Command[] = [];
    const walk = (c: Command) => {
      for (const sub of c.commands) {
        all.push(sub);
        walk(sub);
      }
    };
    walk(program);
    expect(all.length).toBe(32);
    for (const command of all) {
      let help = '';
      command.configureOutput({
        writeOut: (s) => {
          help += s;
        },
      });
      command.outputHelp();
      expect(command.description(), command.name()).not.toBe('');
      expect(help, command.name()).toMatch(/\nExamples?:\n {2}\$ \S/);
    }
  });

  it('prints a command’s help with exit code 0', async () => {
    const r = await occi(['create', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: occi create \[options\] <kind>\n/);
    expect(r.stdout).toContain('$ occi create compute --attr occi.compute.cores=2 --mixin os_tpl#ubuntu');
  });
});

describe.concurrent('exit codes without a server', () => {
  it('2: usage errors name the problem in one line', async () => {
    const [noEndpoint, unknownOption, badOutput, missingArgument, unknownCommand, badEndpoint] =
      await Promise.all([
        occi(['discover']),
        occi(['list', 'compute', '--bogus']),
        occi(['--output', 'xml', 'discover']),
        occi(['get']),
        occi(['lsit']),
        occi(['--endpoint', 'ftp://x', 'discover']),
      ]);
    expect(noEndpoint).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'occi: no endpoint: give --endpoint <url>, set OCCI_ENDPOINT, or choose a profile with an "endpoint" (--profile)\n',
    });
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toBe("occi: unknown option '--bogus'\n");
    expect(badOutput.code).toBe(2);
    expect(badOutput.stderr).toBe(
      "occi: option '-o, --output <format>' argument 'xml' is invalid. Allowed: table, json, text, yaml, name, custom-columns=…, jsonpath=….\n",
    );
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.stderr).toBe("occi: missing required argument 'entity'\n");
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toBe("occi: unknown command 'lsit'\n(Did you mean list?)\n");
    expect(badEndpoint).toMatchObject({
      code: 2,
      stderr: 'occi: endpoint "ftp://x" must be an http:// or https:// URL\n',
    });
  });

  it('7: nothing listens at the endpoint', async () => {
    const r = await occi(['--endpoint', 'http://127.0.0.1:1', 'list', 'compute']);
    expect(r).toEqual({
      code: 7,
      stdout: '',
      stderr:
        'occi: cannot connect to the OCCI endpoint http://127.0.0.1:1: connection refused (GET http://127.0.0.1:1/-/)\n',
    });
  });
});

describe('6: the server fails', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'the database is on fire' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('prints the server’s message and the status in one line, no stack', async () => {
    const r = await occi(['--endpoint', url, 'discover']);
    expect(r).toEqual({
      code: 6,
      stdout: '',
      stderr: `occi: the database is on fire (HTTP 500, GET ${url}/-/)\n`,
    });
  });
});

describe('credentials, profiles and colours against a server with users', () => {
  let server: ServerProcess;
  let dir: string;
  let token: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(CLIENT_ROOT, 'test', '.users-'));
    const usersFile = join(dir, 'users.json');
    const added = await occiServer(
      ['users', 'add', 'alice', '--password-stdin', '--users-file', usersFile],
      {},
      'alice-secret-1',
    );
    expect(added.code, added.stderr).toBe(0);
    const tokenRun = await occiServer(['users', 'token', 'alice', '--users-file', usersFile]);
    token = /occi_\S+/.exec(tokenRun.stdout)![0];
    server = await startServer(['--users-file', usersFile]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('5: no or wrong credentials; Basic and Bearer from flags and the environment', async () => {
    const [none, wrong, basic, bearer, fromEnv] = await Promise.all([
      occi(['-e', server.url, 'list', 'compute']),
      occi(['-e', server.url, '-u', 'alice', '-p', 'wrong-password', 'list', 'compute']),
      occi(['-e', server.url, '-u', 'alice', '-p', 'alice-secret-1', 'list', 'compute']),
      occi(['-e', server.url, '--token', token, 'list', 'compute', '-q']),
      occi(['list', 'compute', '-q'], {
        env: { OCCI_ENDPOINT: server.url, OCCI_USER: 'alice', OCCI_PASSWORD: 'alice-secret-1' },
      }),
    ]);
    expect(none.code).toBe(5);
    expect(none.stderr).toMatch(new RegExp(`^occi: .*\\(HTTP 401, GET ${server.url}/-/\\)\\n$`));
    expect(wrong.code).toBe(5);
    expect(basic).toEqual({ code: 0, stdout: 'LOCATION  KIND  TITLE  STATE  MIXINS\n', stderr: '' });
    expect(bearer).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fromEnv).toEqual({ code: 0, stdout: '', stderr: '' });
    const noPassword = await occi(['-e', server.url, '-u', 'alice', 'discover']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toBe(
      'occi: user "alice" needs a password: give --password, OCCI_PASSWORD or "password" in the profile (occi login keeps it there), or run occi on a terminal to be asked for it\n',
    );
  });

  it('profiles from the config file: default, --profile, OCCI_PROFILE; flags win', async () => {
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        default: 'good',
        profiles: {
          good: { endpoint: server.url, token, output: 'json' },
          bad: { endpoint: server.url, user: 'alice', password: 'nope-nope-nope' },
        },
      }),
      { mode: 0o600 },
    );
    const env = { OCCI_CONFIG: config };
    const [byDefault, byFlag, byEnv, flagWins, unknown] = await Promise.all([
      occi(['list', 'compute'], { env }),
      occi(['--profile', 'bad', 'list', 'compute'], { env }),
      occi(['list', 'compute'], { env: { ...env, OCCI_PROFILE: 'bad' } }),
      occi(['--profile', 'bad', '--token', token, '--output', 'table', 'list', 'compute'], { env }),
      occi(['--profile', 'nope', 'list', 'compute'], { env }),
    ]);
    expect(byDefault).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(byFlag.code).toBe(5);
    expect(byEnv.code).toBe(5);
    expect(flagWins).toEqual({ code: 0, stdout: 'LOCATION  KIND  TITLE  STATE  MIXINS\n', stderr: '' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`occi: no profile "nope" in ${config} (profiles: good, bad)\n`);
    await writeFile(config, '{ "profiles": { "x": { "endpoint": 3 } } }');
    const invalid = await occi(['discover'], { env });
    expect(invalid).toMatchObject({
      code: 2,
      stderr: `occi: ${config}: profile "x": "endpoint" must be a string\n`,
    });
  });

  it('colours only on a terminal (or FORCE_COLOR), never with NO_COLOR or --no-color', async () => {
    const args = ['-e', server.url, '--token', token, 'describe', 'compute'];
    const [piped, forced, noColor, flag] = await Promise.all([
      occi(args),
      occi(args, { env: { FORCE_COLOR: '1' } }),
      occi(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
      occi([...args, '--no-color'], { env: { FORCE_COLOR: '1' } }),
    ]);
    expect(piped.stdout).not.toContain('\x1b[');
    expect(forced.stdout).toContain(
      'kind \x1b[1mcompute\x1b[22m  \x1b[2mhttp://schemas.ogf.org/occi/infrastructure#compute\x1b[22m\n',
    );
    expect(noColor.stdout).toBe(piped.stdout);
    expect(flag.stdout).toBe(piped.stdout);
  });

  it('codegen writes types that typecheck and type the SDK', async () => {
    const out = join(dir, 'model.ts');
    const gen = await occi([
      '-e',
      server.url,
      '--token',
      token,
      'codegen',
      '--out',
      out,
      '--from',
      '../../src/index.js',
    ]);
    expect(gen).toEqual({ code: 0, stdout: '', stderr: `wrote ${out}\n` });
    const source = await readFile(out, 'utf8');
    expect(source).toMatch(
      /^\/\/ Generated by `occi codegen` from http:\/\/127\.0\.0\.1:\d+\. Do not edit: run it again\.\n/,
    );
    expect(source).toContain(
      'export interface ComputeAttributes {\n  /** CPU Architecture of the instance. */\n  "occi.compute.architecture"?: "x86" | "x64";\n  /** Number of virtual CPU cores assigned to the instance. */\n  "occi.compute.cores"?: number;\n',
    );
    expect(source).toContain('export interface EntityAttributes {}\n');
    expect(source).toContain('export interface StorageAttributes {\n');
    expect(source).toContain('  "occi.storage.size": number;\n');
    expect(source).toContain('export interface ComputeStartParameters {}\n');
    expect(source).toContain(
      '  computeStop: "http://schemas.ogf.org/occi/infrastructure/compute/action#stop",\n',
    );
    await writeFile(
      join(dir, 'use.ts'),
      `import { connect } from '../../src/index.js';
import { type Model, kinds, actions } from './model.js';
export async function use(): Promise<void> {
  const occi = connect<Model>({ endpoint: 'http://localhost:1' });
  await occi.create(kinds.compute, { attributes: { 'occi.compute.cores': 2, 'occi.compute.architecture': 'x64' } });
  await occi.create(kinds.storage, { attributes: { 'occi.storage.size': 10 } });
  // @ts-expect-error: a number attribute
  await occi.create(kinds.compute, { attributes: { 'occi.compute.cores': 'two' } });
  // @ts-expect-error: not one of x86, x64
  await occi.create(kinds.compute, { attributes: { 'occi.compute.architecture': 'arm' } });
  // @ts-expect-error: occi.storage.size is required
  await occi.create(kinds.storage, { attributes: {} });
  await occi.invoke('/compute/1', actions.computeStop, { method: 'graceful' });
}
`,
    );
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, rootDir: '../../../..' },
        include: ['*.ts'],
      }),
    );
    const tsc = join(CLIENT_ROOT, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await exec(process.execPath, [tsc, '-p', dir]).then(
      () => ({ ok: true, out: '' }),
      (e: { stdout: string }) => ({ ok: false, out: e.stdout }),
    );
    expect(result.out).toBe('');
    expect(result.ok).toBe(true);
  }, 60_000);
});

describe.concurrent('completion', () => {
  it('bash: a script bash accepts, completing commands and options', async () => {
    const r = await occi(['completion', 'bash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('complete -F _occi occi\n');
    expect(r.stdout).toMatch(
      /\n {4}""\) cands="discover describe list get create update replace delete action mixin link parse check codegen config login logout completion /,
    );
    expect(r.stdout).toMatch(/\n {4}"mixin"\) cands="create delete add remove set /);
    const dir = await mkdtemp(join(CLIENT_ROOT, 'test', '.completion-'));
    try {
      await writeFile(join(dir, 'occi.bash'), r.stdout);
      const check = await exec('bash', [
        '-c',
        `source ${join(dir, 'occi.bash')}; COMP_WORDS=(occi mixin a); COMP_CWORD=2; _occi; echo "\${COMPREPLY[@]}"`,
      ]);
      expect(check.stdout).toBe('add\n');
      const options = await exec('bash', [
        '-c',
        `source ${join(dir, 'occi.bash')}; COMP_WORDS=(occi -o json list --fi); COMP_CWORD=4; _occi; echo "\${COMPREPLY[@]}"`,
      ]);
      expect(options.stdout).toBe('--filter\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('zsh: a compdef script; another shell is a usage error', async () => {
    const [zsh, tcsh] = await Promise.all([occi(['completion', 'zsh']), occi(['completion', 'tcsh'])]);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef occi\n/);
    expect(zsh.stdout).toContain("'discover:list the kinds, mixins and actions the server offers");
    expect(tcsh).toEqual({
      code: 2,
      stdout: '',
      stderr: 'occi: shell "tcsh" is not one of bash, zsh, fish\n',
    });
  });
});
