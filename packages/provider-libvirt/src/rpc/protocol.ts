/**
 * The subset of libvirt's RPC protocol this backend speaks (libvirt's
 * src/rpc/virnetprotocol.x and src/remote/remote_protocol.x): the message
 * header, the references to domains, networks, pools and volumes, the
 * error structure, and the numbers of the procedures used. Procedure
 * numbers are append-only in libvirt, so these hold for every daemon since
 * 1.2.x (the newest used, NETWORK_GET_DHCP_LEASES, is 1.2.6).
 */
import type { XdrReader, XdrWriter } from './xdr.js';

/** `REMOTE_PROGRAM`, the program of the remote driver. */
export const REMOTE_PROGRAM = 0x20008086;
export const REMOTE_PROTOCOL_VERSION = 1;
/** The keepalive program ("keep"): the daemon may ping; the answer is a pong. */
export const KEEPALIVE_PROGRAM = 0x6b656570;
export const KEEPALIVE_PING = 1;
export const KEEPALIVE_PONG = 2;

/** Length word plus header: prog, vers, proc, type, serial, status. */
export const HEADER_BYTES = 28;
/** `VIR_NET_MESSAGE_MAX`, plus the length word. */
export const MESSAGE_MAX = 16_777_216 + 4;

export enum MessageType {
  Call = 0,
  Reply = 1,
  Message = 2,
  Stream = 3,
}

export enum MessageStatus {
  Ok = 0,
  Error = 1,
  Continue = 2,
}

export interface MessageHeader {
  program: number;
  version: number;
  procedure: number;
  type: MessageType;
  serial: number;
  status: MessageStatus;
}

/** The procedures used (`enum remote_procedure`). */
export const Proc = {
  CONNECT_OPEN: 1,
  CONNECT_CLOSE: 2,
  NODE_GET_INFO: 6,
  CONNECT_GET_CAPABILITIES: 7,
  DOMAIN_CREATE: 9,
  DOMAIN_DEFINE_XML: 11,
  DOMAIN_DESTROY: 12,
  DOMAIN_GET_XML_DESC: 14,
  DOMAIN_LOOKUP_BY_NAME: 23,
  DOMAIN_REBOOT: 27,
  DOMAIN_RESUME: 28,
  DOMAIN_SUSPEND: 34,
  NETWORK_CREATE: 39,
  NETWORK_DEFINE_XML: 41,
  NETWORK_DESTROY: 42,
  NETWORK_GET_XML_DESC: 43,
  NETWORK_LOOKUP_BY_NAME: 46,
  NETWORK_SET_AUTOSTART: 48,
  NETWORK_UNDEFINE: 49,
  AUTH_LIST: 66,
  AUTH_POLKIT: 70,
  STORAGE_POOL_DEFINE_XML: 77,
  STORAGE_POOL_CREATE: 78,
  STORAGE_POOL_BUILD: 79,
  STORAGE_POOL_REFRESH: 83,
  STORAGE_POOL_LOOKUP_BY_NAME: 84,
  STORAGE_POOL_GET_XML_DESC: 88,
  STORAGE_POOL_SET_AUTOSTART: 90,
  STORAGE_VOL_CREATE_XML: 93,
  STORAGE_VOL_DELETE: 94,
  STORAGE_VOL_LOOKUP_BY_NAME: 95,
  STORAGE_VOL_GET_XML_DESC: 99,
  STORAGE_VOL_CREATE_XML_FROM: 125,
  NETWORK_IS_ACTIVE: 152,
  STORAGE_POOL_IS_ACTIVE: 154,
  CONNECT_GET_LIB_VERSION: 157,
  DOMAIN_ATTACH_DEVICE_FLAGS: 160,
  DOMAIN_DETACH_DEVICE_FLAGS: 161,
  DOMAIN_MANAGED_SAVE: 182,
  DOMAIN_HAS_MANAGED_SAVE_IMAGE: 183,
  DOMAIN_MANAGED_SAVE_REMOVE: 184,
  STORAGE_VOL_UPLOAD: 208,
  DOMAIN_GET_STATE: 212,
  DOMAIN_UNDEFINE_FLAGS: 231,
  DOMAIN_RESET: 245,
  DOMAIN_BLOCK_RESIZE: 251,
  DOMAIN_SHUTDOWN_FLAGS: 258,
  STORAGE_VOL_RESIZE: 260,
  CONNECT_LIST_ALL_DOMAINS: 273,
  STORAGE_POOL_LIST_ALL_VOLUMES: 282,
  CONNECT_LIST_ALL_NETWORKS: 283,
  NETWORK_UPDATE: 291,
  NETWORK_GET_DHCP_LEASES: 341,
} as const;

/** `remote_nonnull_domain`. */
export interface DomainRef {
  name: string;
  uuid: Buffer;
  id: number;
}

/** `remote_nonnull_network` (and `remote_nonnull_storage_pool`, the same shape). */
export interface NamedRef {
  name: string;
  uuid: Buffer;
}

/** `remote_nonnull_storage_vol`: the key of a file volume is its path. */
export interface VolumeRef {
  pool: string;
  name: string;
  key: string;
}

export const writeDomain = (w: XdrWriter, d: DomainRef) => w.string(d.name).fixed(d.uuid, 16).int(d.id);
export const readDomain = (r: XdrReader): DomainRef => ({ name: r.string(), uuid: r.fixed(16), id: r.int() });
export const writeNamed = (w: XdrWriter, n: NamedRef) => w.string(n.name).fixed(n.uuid, 16);
export const readNamed = (r: XdrReader): NamedRef => ({ name: r.string(), uuid: r.fixed(16) });
export const writeVolume = (w: XdrWriter, v: VolumeRef) => w.string(v.pool).string(v.name).string(v.key);
export const readVolume = (r: XdrReader): VolumeRef => ({
  pool: r.string(),
  name: r.string(),
  key: r.string(),
});

/** `remote_error`: what the daemon says went wrong. */
export interface RemoteError {
  code: number;
  domain: number;
  message: string;
}

export function readError(r: XdrReader): RemoteError {
  const code = r.int();
  const domain = r.int();
  const message = r.optionalString() ?? `libvirt error ${code}`;
  // level, dom, str1..3, int1, int2, net: not needed.
  return { code, domain, message };
}

/** `virErrorNumber` values this backend tells apart. */
export const ErrorCode = {
  INTERNAL_ERROR: 1,
  NO_SUPPORT: 3,
  INVALID_ARG: 8,
  OPERATION_FAILED: 9,
  XML_ERROR: 27,
  DOM_EXIST: 28,
  OPERATION_DENIED: 29,
  XML_DETAIL: 35,
  NETWORK_EXIST: 37,
  NO_DOMAIN: 42,
  NO_NETWORK: 43,
  INVALID_MAC: 44,
  AUTH_FAILED: 45,
  NO_STORAGE_POOL: 49,
  NO_STORAGE_VOL: 50,
  OPERATION_INVALID: 55,
  CONFIG_UNSUPPORTED: 67,
  OPERATION_TIMEOUT: 68,
  ARGUMENT_UNSUPPORTED: 74,
  OPERATION_UNSUPPORTED: 84,
  RESOURCE_BUSY: 85,
  STORAGE_VOL_EXIST: 90,
} as const;

export function readHeader(buffer: Buffer): MessageHeader {
  return {
    program: buffer.readUInt32BE(4),
    version: buffer.readUInt32BE(8),
    procedure: buffer.readInt32BE(12),
    type: buffer.readInt32BE(16),
    serial: buffer.readUInt32BE(20),
    status: buffer.readInt32BE(24),
  };
}

/** One whole message: length word, header, payload. */
export function frame(header: MessageHeader, payload: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + payload.length);
  out.writeUInt32BE(out.length, 0);
  out.writeUInt32BE(header.program, 4);
  out.writeUInt32BE(header.version, 8);
  out.writeInt32BE(header.procedure, 12);
  out.writeInt32BE(header.type, 16);
  out.writeUInt32BE(header.serial, 20);
  out.writeInt32BE(header.status, 24);
  payload.copy(out, HEADER_BYTES);
  return out;
}
