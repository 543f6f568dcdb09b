/**
 * XDR (RFC 4506), the encoding of libvirt's RPC messages: big-endian
 * 4-byte units, strings and variable opaque data prefixed with their
 * length and padded to 4 bytes, optional values (`*`) as a boolean then the
 * value. Only what libvirt's remote protocol uses.
 */

const pad = (length: number) => (4 - (length % 4)) % 4;

export class XdrWriter {
  readonly #chunks: Buffer[] = [];

  int(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    this.#chunks.push(b);
    return this;
  }

  uint(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.#chunks.push(b);
    return this;
  }

  bool(value: boolean): this {
    return this.int(value ? 1 : 0);
  }

  /** `unsigned hyper`: 64 bits; numbers beyond 2^53 must be given as bigint. */
  uhyper(value: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(value));
    this.#chunks.push(b);
    return this;
  }

  hyper(value: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(value));
    this.#chunks.push(b);
    return this;
  }

  /** Fixed-length opaque data (`opaque x[n]`), e.g. a UUID. */
  fixed(data: Uint8Array, length: number): this {
    if (data.length !== length) throw new Error(`XDR: fixed opaque of ${length} bytes, got ${data.length}`);
    this.#chunks.push(Buffer.from(data), Buffer.alloc(pad(length)));
    return this;
  }

  /** Variable-length opaque data (`opaque x<>`). */
  opaque(data: Uint8Array): this {
    this.uint(data.length);
    this.#chunks.push(Buffer.from(data), Buffer.alloc(pad(data.length)));
    return this;
  }

  string(value: string): this {
    return this.opaque(Buffer.from(value, 'utf8'));
  }

  /** `remote_string`: a string that may be absent. */
  optionalString(value: string | undefined): this {
    this.bool(value !== undefined);
    if (value !== undefined) this.string(value);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

export class XdrReader {
  readonly #buffer: Buffer;
  #offset: number;

  constructor(buffer: Buffer, offset = 0) {
    this.#buffer = buffer;
    this.#offset = offset;
  }

  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  #take(length: number): Buffer {
    if (this.#offset + length > this.#buffer.length)
      throw new Error(`XDR: message ends ${this.#offset + length - this.#buffer.length} bytes early`);
    const slice = this.#buffer.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return slice;
  }

  int(): number {
    return this.#take(4).readInt32BE();
  }

  uint(): number {
    return this.#take(4).readUInt32BE();
  }

  bool(): boolean {
    return this.int() !== 0;
  }

  /** `unsigned hyper` as a number (exact below 2^53: sizes in bytes, KiB). */
  uhyper(): number {
    return Number(this.#take(8).readBigUInt64BE());
  }

  hyper(): number {
    return Number(this.#take(8).readBigInt64BE());
  }

  fixed(length: number): Buffer {
    const data = Buffer.from(this.#take(length));
    this.#take(pad(length));
    return data;
  }

  opaque(): Buffer {
    return this.fixed(this.uint());
  }

  string(): string {
    return this.opaque().toString('utf8');
  }

  optionalString(): string | undefined {
    return this.bool() ? this.string() : undefined;
  }

  optional<T>(read: (r: XdrReader) => T): T | undefined {
    return this.bool() ? read(this) : undefined;
  }

  /** A variable-length array (`T x<>`). */
  array<T>(read: (r: XdrReader) => T): T[] {
    const count = this.uint();
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(read(this));
    return out;
  }
}
