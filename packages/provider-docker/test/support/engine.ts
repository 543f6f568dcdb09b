/**
 * A throwaway Podman engine for the tests: `podman system service` on a
 * unix socket in a temporary directory, with its own storage, run state
 * and network configuration, and a busybox image imported from
 * busybox-static (no registry is reachable). `.ci/container-deps` installs
 * podman, runc and busybox-static.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../src/engine-client.js';
import { type TarEntry, tarArchive } from '../../src/tar.js';

export const TEST_IMAGE = 'occi-test/busybox';

const APPLETS = [
  'sh',
  'sleep',
  'cat',
  'ls',
  'echo',
  'mkdir',
  'chmod',
  'id',
  'kill',
  'ps',
  'head',
  'test',
  '[',
  'wc',
  'grep',
  'true',
  'false',
  'touch',
  'hostname',
  'ip',
  'mount',
  'env',
  'rm',
  'date',
  'stat',
  'nproc',
];

export interface TestEngine {
  /** `unix:///…/podman.sock` */
  address: string;
  client: EngineClient;
  dir: string;
  /** Runs podman against this engine's storage (for checks the API lacks, e.g. exec). */
  podman(args: string[]): string;
  stop(): Promise<void>;
}

/** An executable file (not merely an existing one: a file hidden by a bind mount of /dev/null is none). */
function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function which(command: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return dirs.map((dir) => join(dir, command)).find((path) => path.startsWith('/') && executable(path));
}

function busyboxPath(): string | undefined {
  return ['/bin/busybox', '/usr/bin/busybox'].find(executable);
}

/** What of the engine is missing on this machine, with how to install it; `undefined` when nothing is. */
export function podmanMissing(): string | undefined {
  const missing = [
    which('podman') ? undefined : 'podman',
    which('runc') ? undefined : 'runc',
    busyboxPath() ? undefined : 'busybox',
  ].filter((tool) => tool !== undefined);
  if (missing.length === 0) return undefined;
  return `${missing.join(', ')} not installed: run .ci/container-deps (apt-get install -y podman runc busybox-static)`;
}

/** Starts the engine; throws with the reason (and the install command) when podman, runc or busybox is missing. */
export async function startTestEngine(): Promise<TestEngine> {
  const missing = podmanMissing();
  if (missing) throw new Error(missing);
  const podmanBin = which('podman')!;
  const busybox = busyboxPath()!;
  const dir = mkdtempSync(join(tmpdir(), 'occi-podman-'));
  const conf = join(dir, 'containers.conf');
  writeFileSync(
    conf,
    [
      '[containers]',
      'default_ulimits = ["nofile=20000:20000", "nproc=1024:1024"]',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      '',
    ].join('\n'),
  );
  const globals = [
    '--root',
    join(dir, 'root'),
    '--runroot',
    join(dir, 'runroot'),
    '--tmpdir',
    join(dir, 'tmp'),
    '--network-config-dir',
    join(dir, 'net'),
    '--cgroup-manager',
    'cgroupfs',
    '--runtime',
    'runc',
  ];
  const env = { ...process.env, CONTAINERS_CONF: conf };
  const socket = join(dir, 'podman.sock');
  const address = `unix://${socket}`;
  const log = join(dir, 'service.log');
  writeFileSync(log, '');
  const service: ChildProcess = spawn(podmanBin, [...globals, 'system', 'service', '--time=0', address], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  service.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const client = new EngineClient(address);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (service.exitCode !== null)
      throw new Error(`podman system service exited (${service.exitCode}): ${stderr}`);
    try {
      await client.request('GET', '/version', { doing: 'answer' });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        service.kill('SIGKILL');
        throw new Error(
          `podman system service did not answer on ${address} within 30 s: ${stderr || String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // The test image: busybox-static and its applets; no registry is needed.
  const entries: TarEntry[] = [
    { type: 'directory', path: 'bin' },
    { type: 'directory', path: 'root', mode: 0o700 },
    { type: 'directory', path: 'tmp', mode: 0o1777 },
    { type: 'directory', path: 'etc' },
    { type: 'directory', path: 'var' },
    { type: 'file', path: 'bin/busybox', content: readFileSync(busybox), mode: 0o755 },
    ...APPLETS.map((applet): TarEntry => ({ type: 'symlink', path: `bin/${applet}`, target: 'busybox' })),
    { type: 'file', path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
  ];
  await client.request('POST', '/images/create', {
    query: { fromSrc: '-', repo: TEST_IMAGE, tag: 'latest' },
    tar: tarArchive(entries),
    doing: `import ${TEST_IMAGE}`,
  });
  const podman = (args: string[]) =>
    execFileSync(podmanBin, [...globals, ...args], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return {
    address,
    client,
    dir,
    podman,
    async stop() {
      try {
        podman(['rm', '--all', '--force', '--time', '0']);
        podman(['volume', 'prune', '--force']);
      } catch {
        // The service is going away either way.
      }
      await client.close();
      service.kill('SIGTERM');
      await new Promise((resolve) => {
        if (service.exitCode !== null) resolve(undefined);
        else service.once('exit', resolve);
        setTimeout(resolve, 5000);
      });
      try {
        podman(['system', 'reset', '--force']);
      } catch {
        // Leftovers are removed with the directory below.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
