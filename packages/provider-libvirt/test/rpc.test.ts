/**
 * libvirt's RPC protocol as this backend speaks it, against a fake daemon
 * on a unix socket (no libvirt needed): XDR, framing, authentication and
 * opening, errors with the daemon's code, timeouts, keepalive and uploads.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLibvirtError, LibvirtClient } from '../src/rpc/client.js';
import {
  ErrorCode,
  frame,
  HEADER_BYTES,
  KEEPALIVE_PROGRAM,
  type MessageHeader,
  MessageStatus,
  MessageType,
  Proc,
  REMOTE_PROGRAM,
  readHeader,
} from '../src/rpc/protocol.js';
import { Libvirt } from '../src/rpc/remote.js';
import { parseUri, SYSTEM_SOCKET } from '../src/rpc/transport.js';
import { XdrReader, XdrWriter } from '../src/rpc/xdr.js';

describe('XDR', () => {
  it('pads strings and opaque data to 4 bytes, prefixed with their length', () => {
    const bytes = new XdrWriter()
      .string('abc')
      .opaque(Buffer.from([1, 2, 3, 4, 5]))
      .toBuffer();
    expect(bytes.toString('hex')).toBe('00000003616263000000000501020304' + '05000000');
  });

  it('reads back what it wrote', () => {
    const uuid = Buffer.alloc(16, 7);
    const w = new XdrWriter()
      .int(-2)
      .uint(4_000_000_000)
      .uhyper(2 ** 40 + 3)
      .hyper(-5)
      .bool(true)
      .optionalString(undefined)
      .optionalString('x')
      .fixed(uuid, 16)
      .string('é');
    const r = new XdrReader(w.toBuffer());
    expect([r.int(), r.uint(), r.uhyper(), r.hyper(), r.bool()]).toEqual([
      -2,
      4_000_000_000,
      2 ** 40 + 3,
      -5,
      true,
    ]);
    expect([r.optionalString(), r.optionalString()]).toEqual([undefined, 'x']);
    expect(r.fixed(16)).toEqual(uuid);
    expect(r.string()).toBe('é');
    expect(r.remaining).toBe(0);
    expect(() => r.int()).toThrow('ends');
  });

  it('frames a message: length, program, version, procedure, type, serial, status', () => {
    const header: MessageHeader = {
      program: REMOTE_PROGRAM,
      version: 1,
      procedure: Proc.DOMAIN_LOOKUP_BY_NAME,
      type: MessageType.Call,
      serial: 9,
      status: MessageStatus.Ok,
    };
    const message = frame(header, Buffer.from([1, 2, 3, 4]));
    expect(message.readUInt32BE(0)).toBe(HEADER_BYTES + 4);
    expect(readHeader(message)).toEqual(header);
  });
});

describe('connection URIs', () => {
  it('reaches qemu:///system on the daemon socket, or the one a socket parameter names', () => {
    expect(parseUri('qemu:///system')).toEqual({
      uri: 'qemu:///system',
      name: 'qemu:///system',
      transport: { kind: 'unix', socket: SYSTEM_SOCKET },
    });
    expect(parseUri('qemu+unix:///system?socket=/tmp/s').transport).toEqual({
      kind: 'unix',
      socket: '/tmp/s',
    });
  });

  it('reaches a remote host through ssh and nc', () => {
    const endpoint = parseUri('qemu+ssh://alice@kvm1:2222/system?keyfile=/k');
    expect(endpoint.name).toBe('qemu:///system');
    expect(endpoint.transport).toEqual({
      kind: 'ssh',
      host: 'kvm1',
      args: ['-o', 'BatchMode=yes', '-e', 'none', '-T', '-p', '2222', '-l', 'alice', '-i', '/k'],
      command: `if command -v virt-ssh-helper >/dev/null 2>&1; then exec virt-ssh-helper 'qemu:///system'; else exec nc -U '${SYSTEM_SOCKET}'; fi`,
    });
    expect(parseUri("qemu+ssh://kvm1/system?socket=/run/it's").transport).toMatchObject({
      command: `nc -U '/run/it'\\''s'`,
    });
  });

  it.each([
    ['xen:///system', 'drives QEMU'],
    ['qemu://host/system', 'needs the ssh transport'],
    ['not a uri', 'is not driver[+transport]://[host]/path'],
  ])('refuses %s', (uri, message) => {
    expect(() => parseUri(uri)).toThrow(message);
  });
});

/** A fake daemon: answers calls with `answer(procedure, args)`; records stream data. */
class FakeDaemon {
  readonly path: string;
  readonly server: Server;
  readonly streamed: Buffer[] = [];
  readonly pongs: number[] = [];
  socket: Socket | undefined;

  constructor(
    dir: string,
    answer: (procedure: number, args: XdrReader) => Buffer | { error: number } | 'silence',
  ) {
    this.path = join(dir, 'fake.sock');
    this.server = createServer((socket) => {
      this.socket = socket;
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 4 && buffered.length >= buffered.readUInt32BE(0)) {
          const message = buffered.subarray(0, buffered.readUInt32BE(0));
          buffered = buffered.subarray(message.length);
          const header = readHeader(message);
          const payload = message.subarray(HEADER_BYTES);
          if (header.program === KEEPALIVE_PROGRAM) this.pongs.push(header.procedure);
          else if (header.type === MessageType.Stream) {
            if (header.status === MessageStatus.Continue) this.streamed.push(Buffer.from(payload));
            else socket.write(frame(header, Buffer.alloc(0)));
          } else {
            const result = answer(header.procedure, new XdrReader(Buffer.from(payload)));
            if (result === 'silence') continue;
            const reply = { ...header, type: MessageType.Reply };
            if (Buffer.isBuffer(result)) socket.write(frame({ ...reply, status: MessageStatus.Ok }, result));
            else
              socket.write(
                frame(
                  { ...reply, status: MessageStatus.Error },
                  new XdrWriter()
                    .int(result.error)
                    .int(10)
                    .optionalString('no domain with matching name')
                    .toBuffer(),
                ),
              );
          }
        }
      });
    });
  }
}

describe('the RPC client against a fake daemon', () => {
  let dir: string;
  let daemon: FakeDaemon;
  const opened: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'occi-fake-libvirt-'));
    daemon = new FakeDaemon(dir, (procedure, args) => {
      if (procedure === Proc.AUTH_LIST) return new XdrWriter().uint(1).int(0).toBuffer();
      if (procedure === Proc.CONNECT_OPEN) {
        opened.push(args.optionalString() ?? '');
        return Buffer.alloc(0);
      }
      if (procedure === Proc.CONNECT_GET_LIB_VERSION) return new XdrWriter().uhyper(9_000_000).toBuffer();
      if (procedure === Proc.DOMAIN_LOOKUP_BY_NAME) {
        const name = args.string();
        if (name === 'absent') return { error: ErrorCode.NO_DOMAIN };
        if (name === 'slow') return 'silence';
        return new XdrWriter().string(name).fixed(Buffer.alloc(16), 16).int(3).toBuffer();
      }
      if (procedure === Proc.DOMAIN_DESTROY) return { error: ErrorCode.OPERATION_INVALID };
      return Buffer.alloc(0);
    });
    await new Promise<void>((resolve) => daemon.server.listen(daemon.path, resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => daemon.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('authenticates, opens the URI without its transport, and calls', async () => {
    const libvirt = new Libvirt(new LibvirtClient(`qemu:///system?socket=${daemon.path}`));
    expect(await libvirt.libVersion()).toBe(9_000_000);
    expect(opened).toEqual(['qemu:///system']);
    expect(await libvirt.domain('vm1')).toMatchObject({ name: 'vm1', id: 3 });
    // A lookup of nothing is undefined; other errors carry the daemon's code, as an OcciError of its kind.
    expect(await libvirt.domain('absent')).toBeUndefined();
    const error = await libvirt.destroyDomain({ name: 'vm1', uuid: Buffer.alloc(16), id: 3 }).catch((e) => e);
    expect(isLibvirtError(error, ErrorCode.OPERATION_INVALID)).toBe(true);
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('libvirt could not power off domain vm1: no domain with matching name');
    await libvirt.close();
  });

  it('answers keepalive pings, and uploads a stream in chunks', async () => {
    const client = new LibvirtClient(`qemu:///system?socket=${daemon.path}`);
    await client.call(Proc.CONNECT_GET_LIB_VERSION, 'tell its version');
    daemon.socket!.write(
      frame(
        {
          program: KEEPALIVE_PROGRAM,
          version: 1,
          procedure: 1,
          type: MessageType.Message,
          serial: 0,
          status: 0,
        },
        Buffer.alloc(0),
      ),
    );
    const data = Buffer.alloc(600_000, 1);
    await client.upload(Proc.STORAGE_VOL_UPLOAD, 'write a volume', (w) => w.uint(0), data);
    expect(Buffer.concat(daemon.streamed).equals(data)).toBe(true);
    expect(daemon.streamed.length).toBe(3);
    expect(daemon.pongs).toEqual([2]);
    await client.close();
  });

  it('gives up on a call after its timeout, naming the URI: 503', async () => {
    const uri = `qemu:///system?socket=${daemon.path}`;
    const client = new LibvirtClient(uri, { timeoutMs: 200 });
    const error = await client
      .call(Proc.DOMAIN_LOOKUP_BY_NAME, 'find domain slow', (w) => w.string('slow'))
      .catch((e) => e);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(`libvirt at ${uri} did not find domain slow within 0 s`);
    await client.close();
  });

  it('reaches the daemon through ssh, relaying its socket on the host', async () => {
    // A fake ssh running the remote command here, and a fake nc relaying a unix socket to stdio.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'ssh'), '#!/bin/sh\nfor a; do last="$a"; done\nexec sh -c "$last"\n', {
      mode: 0o755,
    });
    writeFileSync(
      join(bin, 'nc'),
      `#!${process.execPath}\nconst s = require('node:net').connect(process.argv[3]);\nprocess.stdin.pipe(s).pipe(process.stdout);\n`,
      { mode: 0o755 },
    );
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const libvirt = new Libvirt(new LibvirtClient(`qemu+ssh://alice@kvm1/system?socket=${daemon.path}`));
      expect(await libvirt.libVersion()).toBe(9_000_000);
      await libvirt.close();
    } finally {
      process.env.PATH = path;
    }
  });

  it('is unavailable (503) when nothing listens, and connects again once something does', async () => {
    const path = join(dir, 'later.sock');
    const client = new LibvirtClient(`qemu:///system?socket=${path}`, { connectTimeoutMs: 500 });
    const error = await client.call(Proc.CONNECT_GET_LIB_VERSION, 'tell its version').catch((e) => e);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain(`libvirt at qemu:///system?socket=${path} does not answer`);
    const later = new FakeDaemon(dir, (procedure) =>
      procedure === Proc.AUTH_LIST
        ? new XdrWriter().uint(0).toBuffer()
        : new XdrWriter().uhyper(1).toBuffer(),
    );
    await new Promise<void>((resolve) => later.server.listen(path, resolve));
    expect(
      await client.call(Proc.CONNECT_GET_LIB_VERSION, 'tell its version', undefined, (r) => r.uhyper()),
    ).toBe(1);
    // The daemon goes away (restarted): the next call opens a new connection.
    later.socket!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      await client.call(Proc.CONNECT_GET_LIB_VERSION, 'tell its version', undefined, (r) => r.uhyper()),
    ).toBe(1);
    await client.close();
    await new Promise((resolve) => later.server.close(resolve));
  });
});
