/**
 * A throwaway libvirt daemon for the tests: Debian's libvirtd and virtlogd,
 * run as root in a private mount namespace where libvirt's directories
 * (/etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/log/libvirt,
 * /var/cache/libvirt) are directories of a temporary one, so the daemon
 * (and its QEMU processes) share nothing with another suite's daemon or the
 * host's. Its socket is reached from outside through that directory.
 * `.ci/libvirt-deps` installs what it needs.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibvirtClient } from '../../src/rpc/client.js';
import { DomainStates, Libvirt } from '../../src/rpc/remote.js';

const DIRS = {
  etc: '/etc/libvirt',
  run: '/run/libvirt',
  lib: '/var/lib/libvirt',
  log: '/var/log/libvirt',
  cache: '/var/cache/libvirt',
};

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function which(command: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return dirs.map((dir) => join(dir, command)).find((path) => path.startsWith('/') && executable(path));
}

/** The kernel the test guest boots. */
export function kernelPath(): string | undefined {
  const kernels = existsSync('/boot') ? readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-')) : [];
  const kernel = kernels.sort().at(-1);
  return kernel && existsSync(`/lib/modules/${kernel.slice('vmlinuz-'.length)}/modules.dep`)
    ? `/boot/${kernel}`
    : undefined;
}

/** What of libvirt, QEMU and the guest's parts is missing here, with how to install it; `undefined` when nothing is. */
export function libvirtMissing(): string | undefined {
  const tools = [
    'libvirtd',
    'virtlogd',
    'virsh',
    'qemu-system-x86_64',
    'qemu-img',
    'unshare',
    'busybox',
    'syslinux',
    'mcopy',
    'mkfs.vfat',
  ];
  const missing: string[] = tools.filter((tool) => !which(tool));
  if (!kernelPath()) missing.push('a kernel in /boot with its modules');
  if (!existsSync('/usr/lib/syslinux/modules/bios/ldlinux.c32')) missing.push('syslinux-common');
  if (missing.length > 0) return `${missing.join(', ')} not installed: run .ci/libvirt-deps`;
  if (process.getuid?.() !== 0) return 'the libvirt suite runs its own libvirtd, which needs root';
  return undefined;
}

export interface TestLibvirt {
  /** `qemu:///system?socket=…`: the daemon's socket, from outside its namespace. */
  uri: string;
  dir: string;
  /** Where the backend makes its pool. */
  poolPath: string;
  /** Where the serial console logs land, seen from outside (the backend's `consoleLogDir` is /var/log/libvirt/qemu). */
  consoleLogDir: string;
  libvirt: Libvirt;
  /** Runs virsh against this daemon. */
  virsh(args: string[]): string;
  stop(): Promise<void>;
}

export async function startTestLibvirt(): Promise<TestLibvirt> {
  const missing = libvirtMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'occi-libvirt-'));
  chmodSync(dir, 0o755); // QEMU runs as libvirt-qemu and must reach the pool
  for (const [name, path] of Object.entries(DIRS)) {
    mkdirSync(join(dir, name), { recursive: true });
    if (name !== 'run' && existsSync(path)) cpSync(path, join(dir, name), { recursive: true });
  }
  // No network of the host's configuration starts with this daemon; no polkit: root connects.
  rmSync(join(dir, 'etc/qemu/networks/autostart'), { recursive: true, force: true });
  writeFileSync(join(dir, 'etc/libvirtd.conf'), 'auth_unix_rw = "none"\nauth_unix_ro = "none"\n');
  const poolPath = join(dir, 'pool');
  mkdirSync(poolPath, { mode: 0o755 });
  const script = [
    'set -e',
    'mount --make-rprivate /',
    ...Object.entries(DIRS).map(
      ([name, path]) => `mkdir -p ${path}; mount --bind ${join(dir, name)} ${path}`,
    ),
    `virtlogd -d -p ${join(dir, 'virtlogd.pid')}`,
    `exec libvirtd -p ${join(dir, 'libvirtd.pid')}`,
  ].join('\n');
  writeFileSync(join(dir, 'start.sh'), script);
  let log = '';
  const daemon: ChildProcess = spawn('unshare', ['-m', 'sh', join(dir, 'start.sh')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  daemon.stdout?.on('data', (chunk) => {
    log += String(chunk);
  });
  daemon.stderr?.on('data', (chunk) => {
    log += String(chunk);
  });
  const socket = join(dir, 'run/libvirt-sock');
  const uri = `qemu:///system?socket=${socket}`;
  const libvirt = new Libvirt(new LibvirtClient(uri, { connectTimeoutMs: 2000 }));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (daemon.exitCode !== null) throw new Error(`libvirtd exited (${daemon.exitCode}): ${log}`);
    try {
      if (existsSync(socket)) {
        await libvirt.libVersion();
        break;
      }
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`libvirtd did not answer on ${socket} within 60 s: ${log || String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const virsh = (args: string[]) =>
    execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    uri,
    dir,
    poolPath,
    consoleLogDir: join(dir, 'log/qemu'),
    libvirt,
    virsh,
    async stop() {
      try {
        for (const dom of await libvirt.domains()) {
          const { state } = await libvirt.domainState(dom);
          if (state !== DomainStates.SHUTOFF) await libvirt.destroyDomain(dom).catch(() => undefined);
        }
        for (const network of await libvirt.networks())
          if (await libvirt.networkActive(network)) await libvirt.stopNetwork(network).catch(() => undefined);
      } catch {
        // The daemon is going away either way.
      }
      await libvirt.close();
      daemon.kill('SIGTERM');
      await new Promise((resolve) => {
        if (daemon.exitCode !== null) resolve(undefined);
        else daemon.once('exit', resolve);
        setTimeout(resolve, 10_000);
      });
      for (const pidFile of [join(dir, 'virtlogd.pid'), ...qemuPidFiles(dir)]) {
        const pid = Number(readIfExists(pidFile));
        if (pid > 0) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const readIfExists = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : '');

function qemuPidFiles(dir: string): string[] {
  const run = join(dir, 'run/qemu');
  return existsSync(run)
    ? readdirSync(run)
        .filter((f) => f.endsWith('.pid'))
        .map((f) => join(run, f))
    : [];
}
