/**
 * The libvirt calls this backend makes, typed: one method per remote
 * procedure, arguments and results as `remote_protocol.x` lays them out;
 * the host and domains here, pools, volumes and networks in
 * `remote-objects.ts`.
 */
import { type DomainRef, ErrorCode, Proc, readDomain, writeDomain } from './protocol.js';
import { found, int, LibvirtObjects, str } from './remote-objects.js';
import type { XdrWriter } from './xdr.js';

/** `virDomainState` and its reason (`virDomain*Reason`). */
export interface DomainState {
  state: number;
  reason: number;
}

export interface NodeInfo {
  /** KiB. */
  memory: number;
  cpus: number;
}

export const DomainStates = {
  NOSTATE: 0,
  RUNNING: 1,
  BLOCKED: 2,
  PAUSED: 3,
  SHUTDOWN: 4,
  SHUTOFF: 5,
  CRASHED: 6,
  PMSUSPENDED: 7,
} as const;

/** `VIR_DOMAIN_AFFECT_*`, `VIR_DOMAIN_UNDEFINE_*`, `VIR_DOMAIN_SHUTDOWN_*`, `VIR_NETWORK_UPDATE_*`. */
export const Flags = {
  AFFECT_LIVE: 1,
  AFFECT_CONFIG: 2,
  XML_INACTIVE: 2,
  UNDEFINE_MANAGED_SAVE: 1,
  UNDEFINE_SNAPSHOTS_METADATA: 2,
  UNDEFINE_NVRAM: 4,
  SHUTDOWN_ACPI_POWER_BTN: 1,
  REBOOT_ACPI_POWER_BTN: 1,
  BLOCK_RESIZE_BYTES: 1,
  NETWORK_UPDATE_DELETE: 2,
  NETWORK_UPDATE_ADD_LAST: 3,
  NETWORK_SECTION_IP_DHCP_HOST: 4,
} as const;

const d = (dom: DomainRef) => (w: XdrWriter) => writeDomain(w, dom);
const dFlags = (dom: DomainRef, flags: number) => (w: XdrWriter) => writeDomain(w, dom).uint(flags);

export class Libvirt extends LibvirtObjects {
  // --- connection and host

  libVersion(): Promise<number> {
    return this.client.call(Proc.CONNECT_GET_LIB_VERSION, 'tell its version', undefined, (r) => r.uhyper());
  }

  capabilities(): Promise<string> {
    return this.client.call(Proc.CONNECT_GET_CAPABILITIES, 'describe its capabilities', undefined, str);
  }

  nodeInfo(): Promise<NodeInfo> {
    return this.client.call(Proc.NODE_GET_INFO, 'describe the host', undefined, (r) => {
      for (let i = 0; i < 32; i++) r.int(); // char model[32], one XDR unit per char
      const memory = r.uhyper();
      return { memory, cpus: r.int() };
    });
  }

  // --- domains

  domain(name: string): Promise<DomainRef | undefined> {
    return found(
      this.client.call(Proc.DOMAIN_LOOKUP_BY_NAME, `find domain ${name}`, (w) => w.string(name), readDomain),
      ErrorCode.NO_DOMAIN,
    );
  }

  domains(): Promise<DomainRef[]> {
    return this.client.call(
      Proc.CONNECT_LIST_ALL_DOMAINS,
      'list domains',
      (w) => w.int(1).uint(0),
      (r) => r.array(readDomain),
    );
  }

  defineDomain(xml: string, name: string): Promise<DomainRef> {
    return this.client.call(
      Proc.DOMAIN_DEFINE_XML,
      `define domain ${name}`,
      (w) => w.string(xml),
      readDomain,
    );
  }

  undefineDomain(dom: DomainRef, flags: number): Promise<void> {
    return this.client.call(Proc.DOMAIN_UNDEFINE_FLAGS, `undefine domain ${dom.name}`, dFlags(dom, flags));
  }

  domainXml(dom: DomainRef, flags = 0): Promise<string> {
    return this.client.call(Proc.DOMAIN_GET_XML_DESC, `describe domain ${dom.name}`, dFlags(dom, flags), str);
  }

  domainState(dom: DomainRef): Promise<DomainState> {
    return this.client.call(Proc.DOMAIN_GET_STATE, `tell the state of ${dom.name}`, dFlags(dom, 0), (r) => ({
      state: r.int(),
      reason: r.int(),
    }));
  }

  /** Starts a domain; one with a managed save image is restored from it. */
  startDomain(dom: DomainRef, timeoutMs?: number): Promise<void> {
    return this.client.call(Proc.DOMAIN_CREATE, `start domain ${dom.name}`, d(dom), undefined, timeoutMs);
  }

  shutdownDomain(dom: DomainRef, flags: number): Promise<void> {
    return this.client.call(Proc.DOMAIN_SHUTDOWN_FLAGS, `shut down domain ${dom.name}`, dFlags(dom, flags));
  }

  destroyDomain(dom: DomainRef): Promise<void> {
    return this.client.call(Proc.DOMAIN_DESTROY, `power off domain ${dom.name}`, d(dom));
  }

  rebootDomain(dom: DomainRef, flags: number): Promise<void> {
    return this.client.call(Proc.DOMAIN_REBOOT, `reboot domain ${dom.name}`, dFlags(dom, flags));
  }

  resetDomain(dom: DomainRef): Promise<void> {
    return this.client.call(Proc.DOMAIN_RESET, `reset domain ${dom.name}`, dFlags(dom, 0));
  }

  suspendDomain(dom: DomainRef): Promise<void> {
    return this.client.call(Proc.DOMAIN_SUSPEND, `pause domain ${dom.name}`, d(dom));
  }

  resumeDomain(dom: DomainRef): Promise<void> {
    return this.client.call(Proc.DOMAIN_RESUME, `resume domain ${dom.name}`, d(dom));
  }

  managedSave(dom: DomainRef, timeoutMs?: number): Promise<void> {
    const doing = `save the memory of domain ${dom.name} to disk`;
    return this.client.call(Proc.DOMAIN_MANAGED_SAVE, doing, dFlags(dom, 0), undefined, timeoutMs);
  }

  async hasManagedSave(dom: DomainRef): Promise<boolean> {
    const doing = `tell whether ${dom.name} has a managed save image`;
    return (await this.client.call(Proc.DOMAIN_HAS_MANAGED_SAVE_IMAGE, doing, dFlags(dom, 0), int)) === 1;
  }

  attachDevice(dom: DomainRef, xml: string, flags: number, what: string): Promise<void> {
    return this.client.call(Proc.DOMAIN_ATTACH_DEVICE_FLAGS, `attach ${what} to ${dom.name}`, (w) =>
      writeDomain(w, dom).string(xml).uint(flags),
    );
  }

  detachDevice(dom: DomainRef, xml: string, flags: number, what: string): Promise<void> {
    return this.client.call(Proc.DOMAIN_DETACH_DEVICE_FLAGS, `detach ${what} from ${dom.name}`, (w) =>
      writeDomain(w, dom).string(xml).uint(flags),
    );
  }

  blockResize(dom: DomainRef, disk: string, bytes: number): Promise<void> {
    return this.client.call(Proc.DOMAIN_BLOCK_RESIZE, `resize disk ${disk} of ${dom.name}`, (w) =>
      writeDomain(w, dom).string(disk).uhyper(bytes).uint(Flags.BLOCK_RESIZE_BYTES),
    );
  }
}

export { LibvirtClient } from './client.js';
export type { DhcpLease } from './remote-objects.js';
