/**
 * The libvirt calls on pools, volumes and networks (remote_protocol.x),
 * typed; `remote.ts` adds the host and the domains. Lookups answer
 * `undefined` for an object that does not exist; everything else throws
 * the daemon's error (`LibvirtError`).
 */
import { isLibvirtError, type LibvirtClient } from './client.js';
import {
  ErrorCode,
  type NamedRef,
  Proc,
  readNamed,
  readVolume,
  type VolumeRef,
  writeNamed,
  writeVolume,
} from './protocol.js';
import type { XdrReader, XdrWriter } from './xdr.js';

export interface DhcpLease {
  mac?: string;
  ipaddr: string;
  prefix: number;
  hostname?: string;
}

const n = (net: NamedRef) => (w: XdrWriter) => writeNamed(w, net);
export const str = (r: XdrReader) => r.string();
export const int = (r: XdrReader) => r.int();

/** Runs a lookup; `undefined` when libvirt says there is no such object. */
export async function found<T>(lookup: Promise<T>, ...missing: number[]): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (isLibvirtError(error, ...missing)) return undefined;
    throw error;
  }
}

export class LibvirtObjects {
  readonly client: LibvirtClient;

  constructor(client: LibvirtClient) {
    this.client = client;
  }

  get uri(): string {
    return this.client.uri;
  }

  // --- storage pools and volumes

  pool(name: string): Promise<NamedRef | undefined> {
    return found(
      this.client.call(
        Proc.STORAGE_POOL_LOOKUP_BY_NAME,
        `find pool ${name}`,
        (w) => w.string(name),
        readNamed,
      ),
      ErrorCode.NO_STORAGE_POOL,
    );
  }

  definePool(xml: string, name: string): Promise<NamedRef> {
    const doing = `define pool ${name}`;
    return this.client.call(Proc.STORAGE_POOL_DEFINE_XML, doing, (w) => w.string(xml).uint(0), readNamed);
  }

  async preparePool(pool: NamedRef): Promise<void> {
    await this.client.call(Proc.STORAGE_POOL_BUILD, `build pool ${pool.name}`, (w) =>
      writeNamed(w, pool).uint(0),
    );
    await this.client.call(Proc.STORAGE_POOL_SET_AUTOSTART, `autostart pool ${pool.name}`, (w) =>
      writeNamed(w, pool).int(1),
    );
  }

  async poolActive(pool: NamedRef): Promise<boolean> {
    return (
      (await this.client.call(
        Proc.STORAGE_POOL_IS_ACTIVE,
        `tell whether ${pool.name} runs`,
        n(pool),
        int,
      )) === 1
    );
  }

  startPool(pool: NamedRef): Promise<void> {
    return this.client.call(Proc.STORAGE_POOL_CREATE, `start pool ${pool.name}`, (w) =>
      writeNamed(w, pool).uint(0),
    );
  }

  refreshPool(pool: NamedRef): Promise<void> {
    return this.client.call(Proc.STORAGE_POOL_REFRESH, `refresh pool ${pool.name}`, (w) =>
      writeNamed(w, pool).uint(0),
    );
  }

  volumes(pool: NamedRef): Promise<VolumeRef[]> {
    return this.client.call(
      Proc.STORAGE_POOL_LIST_ALL_VOLUMES,
      `list the volumes of pool ${pool.name}`,
      (w) => writeNamed(w, pool).int(1).uint(0),
      (r) => r.array(readVolume),
    );
  }

  volume(pool: NamedRef, name: string): Promise<VolumeRef | undefined> {
    return found(
      this.client.call(
        Proc.STORAGE_VOL_LOOKUP_BY_NAME,
        `find volume ${name} in pool ${pool.name}`,
        (w) => writeNamed(w, pool).string(name),
        readVolume,
      ),
      ErrorCode.NO_STORAGE_VOL,
    );
  }

  createVolume(pool: NamedRef, xml: string, name: string): Promise<VolumeRef> {
    return this.client.call(
      Proc.STORAGE_VOL_CREATE_XML,
      `create volume ${name} in pool ${pool.name}`,
      (w) => writeNamed(w, pool).string(xml).uint(0),
      readVolume,
    );
  }

  /** A new volume with the content of `from`, its backing chain flattened (qemu-img convert). */
  cloneVolume(
    pool: NamedRef,
    xml: string,
    from: VolumeRef,
    name: string,
    timeoutMs?: number,
  ): Promise<VolumeRef> {
    return this.client.call(
      Proc.STORAGE_VOL_CREATE_XML_FROM,
      `copy volume ${from.name} to ${name}`,
      (w) => writeVolume(writeNamed(w, pool).string(xml), from).uint(0),
      readVolume,
      timeoutMs,
    );
  }

  deleteVolume(vol: VolumeRef): Promise<void> {
    return this.client.call(Proc.STORAGE_VOL_DELETE, `delete volume ${vol.name}`, (w) =>
      writeVolume(w, vol).uint(0),
    );
  }

  volumeXml(vol: VolumeRef): Promise<string> {
    return this.client.call(
      Proc.STORAGE_VOL_GET_XML_DESC,
      `describe volume ${vol.name}`,
      (w) => writeVolume(w, vol).uint(0),
      str,
    );
  }

  resizeVolume(vol: VolumeRef, bytes: number): Promise<void> {
    return this.client.call(Proc.STORAGE_VOL_RESIZE, `resize volume ${vol.name}`, (w) =>
      writeVolume(w, vol).uhyper(bytes).uint(0),
    );
  }

  uploadVolume(vol: VolumeRef, data: Buffer): Promise<void> {
    return this.client.upload(
      Proc.STORAGE_VOL_UPLOAD,
      `write volume ${vol.name}`,
      (w) => writeVolume(w, vol).uhyper(0).uhyper(data.length).uint(0),
      data,
    );
  }

  // --- networks

  network(name: string): Promise<NamedRef | undefined> {
    return found(
      this.client.call(Proc.NETWORK_LOOKUP_BY_NAME, `find network ${name}`, (w) => w.string(name), readNamed),
      ErrorCode.NO_NETWORK,
    );
  }

  networks(): Promise<NamedRef[]> {
    return this.client.call(
      Proc.CONNECT_LIST_ALL_NETWORKS,
      'list networks',
      (w) => w.int(1).uint(0),
      (r) => r.array(readNamed),
    );
  }

  defineNetwork(xml: string, name: string): Promise<NamedRef> {
    return this.client.call(
      Proc.NETWORK_DEFINE_XML,
      `define network ${name}`,
      (w) => w.string(xml),
      readNamed,
    );
  }

  undefineNetwork(net: NamedRef): Promise<void> {
    return this.client.call(Proc.NETWORK_UNDEFINE, `undefine network ${net.name}`, n(net));
  }

  startNetwork(net: NamedRef): Promise<void> {
    return this.client.call(Proc.NETWORK_CREATE, `start network ${net.name}`, n(net));
  }

  stopNetwork(net: NamedRef): Promise<void> {
    return this.client.call(Proc.NETWORK_DESTROY, `stop network ${net.name}`, n(net));
  }

  async networkActive(net: NamedRef): Promise<boolean> {
    return (
      (await this.client.call(Proc.NETWORK_IS_ACTIVE, `tell whether ${net.name} runs`, n(net), int)) === 1
    );
  }

  networkXml(net: NamedRef, flags = 0): Promise<string> {
    return this.client.call(
      Proc.NETWORK_GET_XML_DESC,
      `describe network ${net.name}`,
      (w) => writeNamed(w, net).uint(flags),
      str,
    );
  }

  updateNetwork(net: NamedRef, command: number, section: number, xml: string, flags: number): Promise<void> {
    return this.client.call(Proc.NETWORK_UPDATE, `update network ${net.name}`, (w) =>
      writeNamed(w, net).uint(command).uint(section).int(-1).string(xml).uint(flags),
    );
  }

  dhcpLeases(net: NamedRef, mac?: string): Promise<DhcpLease[]> {
    return this.client.call(
      Proc.NETWORK_GET_DHCP_LEASES,
      `list the DHCP leases of ${net.name}`,
      (w) => writeNamed(w, net).optionalString(mac).int(1).uint(0),
      (r) =>
        r.array((l) => {
          l.string(); // iface
          l.hyper(); // expirytime
          l.int(); // type
          const lease: DhcpLease = { ipaddr: '', prefix: 0 };
          const mac = l.optionalString();
          l.optionalString(); // iaid
          lease.ipaddr = l.string();
          lease.prefix = l.uint();
          const hostname = l.optionalString();
          l.optionalString(); // clientid
          if (mac) lease.mac = mac;
          if (hostname) lease.hostname = hostname;
          return lease;
        }),
    );
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
