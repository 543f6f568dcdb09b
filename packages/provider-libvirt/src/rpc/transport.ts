/**
 * Where libvirt listens, from a connection URI, and the byte stream to it:
 * a unix socket (`qemu:///system`, `qemu+unix:///system?socket=…`), or
 * `ssh` to the host, relaying the daemon's socket through
 * `virt-ssh-helper` or `nc -U` (what libvirt's own remote driver does for
 * `qemu+ssh://`).
 */
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { Duplex } from 'node:stream';
import { badRequest } from '@occi/core';

/** The daemon's read-write socket (libvirtd, or virtproxyd with the modular daemons). */
export const SYSTEM_SOCKET = '/var/run/libvirt/libvirt-sock';

export interface Endpoint {
  /** The URI as given, for messages. */
  uri: string;
  /** The URI the daemon opens (the transport and its parameters removed): `qemu:///system`. */
  name: string;
  transport:
    | { kind: 'unix'; socket: string }
    /** `ssh … host command`: the command relays the daemon's socket on the host to ssh's stdio. */
    | { kind: 'ssh'; host: string; args: string[]; command: string };
}

/** Parses a libvirt connection URI; refuses (400) what this backend cannot reach, naming why. */
export function parseUri(uri: string): Endpoint {
  const match = /^([a-z0-9]+)(?:\+(unix|ssh))?:\/\/([^/?]*)(\/[^?]*)?(?:\?(.*))?$/.exec(uri);
  if (!match)
    throw badRequest('other', `libvirt URI ${JSON.stringify(uri)} is not driver[+transport]://[host]/path`);
  const [, driver, transport, authority = '', path = '/system', query = ''] = match;
  if (driver !== 'qemu')
    throw badRequest(
      'other',
      `libvirt URI ${uri}: this backend drives QEMU; use qemu:///system, qemu+ssh://user@host/system or qemu:///system?socket=/path`,
    );
  const params = new URLSearchParams(query);
  const name = `${driver}://${path}`;
  const socket = params.get('socket') ?? defaultSocket(path);
  if (transport === 'ssh') {
    if (!authority) throw badRequest('other', `libvirt URI ${uri}: qemu+ssh:// needs a host`);
    const at = authority.lastIndexOf('@');
    const user = at >= 0 ? authority.slice(0, at) : undefined;
    const [host = '', port] = (at >= 0 ? authority.slice(at + 1) : authority).split(':');
    const args = ['-o', 'BatchMode=yes', '-e', 'none', '-T'];
    if (port) args.push('-p', port);
    if (user) args.push('-l', user);
    const keyfile = params.get('keyfile');
    if (keyfile) args.push('-i', keyfile);
    // libvirt's own relay where the host has it (virt-ssh-helper, with every libvirt daemon), else netcat.
    const command = params.has('socket')
      ? `nc -U ${quote(socket)}`
      : `if command -v virt-ssh-helper >/dev/null 2>&1; then exec virt-ssh-helper ${quote(name)}; else exec nc -U ${quote(socket)}; fi`;
    return { uri, name, transport: { kind: 'ssh', host, args, command } };
  }
  if (authority)
    throw badRequest(
      'other',
      `libvirt URI ${uri}: a remote host needs the ssh transport (${driver}+ssh://${authority}${path})`,
    );
  return { uri, name, transport: { kind: 'unix', socket } };
}

/** A word for the remote shell. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

function defaultSocket(path: string): string {
  if (path !== '/session') return SYSTEM_SOCKET;
  const runtime = process.env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`;
  return `${runtime}/libvirt/libvirt-sock`;
}

/** Opens the byte stream to the daemon; rejects when it is not connected within `timeoutMs`. */
export function openStream(endpoint: Endpoint, timeoutMs: number): Promise<Duplex> {
  const t = endpoint.transport;
  if (t.kind === 'unix')
    return new Promise((resolve, reject) => {
      const socket = createConnection(t.socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection to ${t.socket} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...t.args, t.host, t.command], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const fail = (why: string) => {
      child.kill();
      reject(new Error(`ssh to ${t.host}: ${why}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exited with ${code}`));
    // ssh gives no "connected" event: the stream is usable once spawned; the first call's answer proves it.
    child.once('spawn', () => {
      const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
      stream.once('close', () => child.kill());
      child.removeAllListeners('exit');
      child.once('exit', () => stream.destroy());
      resolve(stream);
    });
    setTimeout(() => {
      if (child.exitCode === null && !child.pid) fail(`not started within ${timeoutMs} ms`);
    }, timeoutMs).unref();
  });
}
