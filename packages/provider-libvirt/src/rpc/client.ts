/**
 * A client of libvirt's RPC protocol over one connection: calls matched to
 * replies by serial, a timeout on each, stream uploads (a volume's
 * content), keepalive pings answered, and the connection opened again on
 * the next call after the daemon went away (a daemon restart is no server
 * restart). Every failure is an `OcciError`: `unavailable` (503) naming
 * the URI when the daemon cannot be reached or does not answer in time, a
 * `LibvirtError` with the daemon's code and message otherwise.
 */
import type { Duplex } from 'node:stream';
import { OcciError, type OcciErrorKind, type ProblemCode } from '@occi/core';
import {
  ErrorCode,
  frame,
  HEADER_BYTES,
  KEEPALIVE_PING,
  KEEPALIVE_PONG,
  KEEPALIVE_PROGRAM,
  MESSAGE_MAX,
  type MessageHeader,
  MessageStatus,
  MessageType,
  Proc,
  REMOTE_PROGRAM,
  REMOTE_PROTOCOL_VERSION,
  type RemoteError,
  readError,
  readHeader,
} from './protocol.js';
import { type Endpoint, openStream, parseUri } from './transport.js';
import { XdrReader, XdrWriter } from './xdr.js';

/** An error the daemon answered, as an OcciError of the kind its code implies. */
export class LibvirtError extends OcciError {
  /** libvirt's `virErrorNumber`. */
  readonly libvirtCode: number;
  /** The daemon's own message. */
  readonly libvirtMessage: string;

  constructor(remote: RemoteError, doing: string) {
    // A full pool is the host's limit, not a failure of the request: a conflict naming it.
    const kind = /no space left|not enough space|insufficient space/i.test(remote.message)
      ? 'conflict'
      : kindOfCode(remote.code);
    const code: ProblemCode =
      kind === 'not-found' ? 'not-found' : kind === 'conflict' ? 'duplicate' : 'other';
    super(kind, { code, message: `libvirt could not ${doing}: ${remote.message}` });
    this.libvirtCode = remote.code;
    this.libvirtMessage = remote.message;
  }
}

function kindOfCode(code: number): OcciErrorKind {
  switch (code) {
    case ErrorCode.NO_DOMAIN:
    case ErrorCode.NO_NETWORK:
    case ErrorCode.NO_STORAGE_POOL:
    case ErrorCode.NO_STORAGE_VOL:
      return 'not-found';
    case ErrorCode.DOM_EXIST:
    case ErrorCode.NETWORK_EXIST:
    case ErrorCode.STORAGE_VOL_EXIST:
    case ErrorCode.OPERATION_INVALID:
    case ErrorCode.RESOURCE_BUSY:
      return 'conflict';
    case ErrorCode.INVALID_ARG:
    case ErrorCode.XML_ERROR:
    case ErrorCode.XML_DETAIL:
    case ErrorCode.INVALID_MAC:
    case ErrorCode.CONFIG_UNSUPPORTED:
    case ErrorCode.ARGUMENT_UNSUPPORTED:
      return 'bad-request';
    case ErrorCode.OPERATION_DENIED:
    case ErrorCode.AUTH_FAILED:
      return 'forbidden';
    case ErrorCode.OPERATION_TIMEOUT:
      return 'unavailable';
    default:
      return 'internal';
  }
}

export function isLibvirtError(error: unknown, ...codes: number[]): error is LibvirtError {
  return error instanceof LibvirtError && (codes.length === 0 || codes.includes(error.libvirtCode));
}

export interface ClientOptions {
  /** How long a call may take before it is abandoned (ms); default 60 000. */
  timeoutMs?: number;
  /** How long opening the connection may take (ms); default 10 000. */
  connectTimeoutMs?: number;
}

interface Pending {
  resolve(payload: Buffer): void;
  reject(error: Error): void;
  /** After the reply of an upload call: the daemon's closing stream message settles it. */
  streaming?: boolean;
}

/** A chunk of an upload: below the daemon's legacy payload limit. */
const STREAM_CHUNK = 256 * 1024 - HEADER_BYTES;

export class LibvirtClient {
  readonly uri: string;
  readonly #endpoint: Endpoint;
  readonly #timeoutMs: number;
  readonly #connectTimeoutMs: number;
  #stream: Duplex | undefined;
  #opening: Promise<Duplex> | undefined;
  #serial = 0;
  #received: Buffer = Buffer.alloc(0);
  readonly #pending = new Map<number, Pending>();

  constructor(uri: string, options: ClientOptions = {}) {
    this.uri = uri;
    this.#endpoint = parseUri(uri);
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /**
   * Calls a procedure: `write` encodes its arguments, `read` decodes its
   * result. `doing` says what the call does, for error messages ("define
   * domain occi_compute_1").
   */
  async call<T = undefined>(
    procedure: number,
    doing: string,
    write?: (w: XdrWriter) => unknown,
    read?: (r: XdrReader) => T,
    timeoutMs = this.#timeoutMs,
  ): Promise<T> {
    const stream = await this.#connected();
    const payload = await this.#request(stream, procedure, doing, write, timeoutMs);
    return (read ? read(new XdrReader(payload)) : undefined) as T;
  }

  /** Calls an upload procedure (`STORAGE_VOL_UPLOAD`), then streams `data` to the daemon. */
  async upload(
    procedure: number,
    doing: string,
    write: (w: XdrWriter) => unknown,
    data: Buffer,
    timeoutMs = this.#timeoutMs,
  ): Promise<void> {
    const stream = await this.#connected();
    const serial = await this.#callKeepingSerial(stream, procedure, doing, write, timeoutMs);
    const finished = this.#await(serial, doing, timeoutMs, true);
    const header = (status: MessageStatus): MessageHeader => ({
      program: REMOTE_PROGRAM,
      version: REMOTE_PROTOCOL_VERSION,
      procedure,
      type: MessageType.Stream,
      serial,
      status,
    });
    for (let at = 0; at < data.length; at += STREAM_CHUNK)
      stream.write(frame(header(MessageStatus.Continue), data.subarray(at, at + STREAM_CHUNK)));
    stream.write(frame(header(MessageStatus.Ok), Buffer.alloc(0)));
    await finished;
  }

  /** Closes the connection (the daemon keeps everything it made). */
  async close(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    await this.#request(stream, Proc.CONNECT_CLOSE, 'close the connection', undefined, 2000).catch(
      () => undefined,
    );
    stream.destroy();
    this.#stream = undefined;
  }

  #unavailable(why: string): OcciError {
    return new OcciError('unavailable', { code: 'other', message: `libvirt at ${this.uri} ${why}` });
  }

  /** The open connection, opened (and authenticated) when there is none. */
  #connected(): Promise<Duplex> {
    if (this.#stream && !this.#stream.destroyed) return Promise.resolve(this.#stream);
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #open(): Promise<Duplex> {
    let stream: Duplex;
    try {
      stream = await openStream(this.#endpoint, this.#connectTimeoutMs);
    } catch (error) {
      throw this.#unavailable(`does not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#received = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => this.#receive(stream, chunk));
    stream.on('error', () => undefined);
    stream.on('close', () => {
      if (this.#stream === stream) this.#stream = undefined;
      for (const [serial, pending] of this.#pending) {
        this.#pending.delete(serial);
        pending.reject(this.#unavailable('closed the connection'));
      }
    });
    try {
      const types = await this.#request(stream, Proc.AUTH_LIST, 'list its authentication types').then((p) =>
        new XdrReader(p).array((r) => r.int()),
      );
      // 0 none, 2 polkit (root passes it), 1 SASL (not spoken here).
      if (types.length > 0 && !types.includes(0)) {
        if (!types.includes(2))
          throw this.#unavailable(
            'asks for SASL authentication, which this backend does not speak: connect through the unix socket as root or a member of the libvirt group, or through qemu+ssh://',
          );
        await this.#request(stream, Proc.AUTH_POLKIT, 'authenticate (polkit)');
      }
      await this.#request(stream, Proc.CONNECT_OPEN, `open ${this.#endpoint.name}`, (w) =>
        w.optionalString(this.#endpoint.name).uint(0),
      );
    } catch (error) {
      stream.destroy();
      throw error;
    }
    this.#stream = stream;
    return stream;
  }

  async #request(
    stream: Duplex,
    procedure: number,
    doing: string,
    write?: (w: XdrWriter) => unknown,
    timeoutMs = this.#connectTimeoutMs,
  ): Promise<Buffer> {
    const serial = this.#send(stream, procedure, write);
    return this.#await(serial, doing, timeoutMs, false);
  }

  /** Sends a call and waits for its reply, keeping its serial for the stream that follows. */
  async #callKeepingSerial(
    stream: Duplex,
    procedure: number,
    doing: string,
    write: (w: XdrWriter) => unknown,
    timeoutMs: number,
  ): Promise<number> {
    const serial = this.#send(stream, procedure, write);
    await this.#await(serial, doing, timeoutMs, false);
    return serial;
  }

  #send(stream: Duplex, procedure: number, write?: (w: XdrWriter) => unknown): number {
    const serial = ++this.#serial;
    const w = new XdrWriter();
    write?.(w);
    stream.write(
      frame(
        {
          program: REMOTE_PROGRAM,
          version: REMOTE_PROTOCOL_VERSION,
          procedure,
          type: MessageType.Call,
          serial,
          status: MessageStatus.Ok,
        },
        w.toBuffer(),
      ),
    );
    return serial;
  }

  #await(serial: number, doing: string, timeoutMs: number, streaming: boolean): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(serial);
        reject(this.#unavailable(`did not ${doing} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.#pending.set(serial, {
        streaming,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    }).catch((error: unknown) => {
      if (error instanceof RemoteFailure) throw new LibvirtError(error.remote, doing);
      throw error;
    });
  }

  #receive(stream: Duplex, chunk: Buffer): void {
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    while (this.#received.length >= 4) {
      const length = this.#received.readUInt32BE(0);
      if (length < HEADER_BYTES || length > MESSAGE_MAX) {
        stream.destroy(new Error(`a message of ${length} bytes`));
        return;
      }
      if (this.#received.length < length) return;
      const message = this.#received.subarray(0, length);
      this.#received = this.#received.subarray(length);
      this.#dispatch(stream, readHeader(message), message.subarray(HEADER_BYTES));
    }
  }

  #dispatch(stream: Duplex, header: MessageHeader, payload: Buffer): void {
    if (header.program === KEEPALIVE_PROGRAM) {
      if (header.procedure === KEEPALIVE_PING)
        stream.write(
          frame(
            { ...header, procedure: KEEPALIVE_PONG, type: MessageType.Message, serial: 0 },
            Buffer.alloc(0),
          ),
        );
      return;
    }
    if (header.program !== REMOTE_PROGRAM) return;
    const pending = this.#pending.get(header.serial);
    if (!pending) return; // an event, or the answer of a call that timed out
    const expected = pending.streaming ? MessageType.Stream : MessageType.Reply;
    if (header.type !== expected) return;
    if (header.type === MessageType.Stream && header.status === MessageStatus.Continue) return;
    this.#pending.delete(header.serial);
    if (header.status === MessageStatus.Error)
      pending.reject(new RemoteFailure(readError(new XdrReader(payload))));
    else pending.resolve(Buffer.from(payload));
  }
}

/** An error reply, before it is given the call's description. */
class RemoteFailure extends Error {
  readonly remote: RemoteError;
  constructor(remote: RemoteError) {
    super(remote.message);
    this.remote = remote;
  }
}
