/**
 * What the suites against a real libvirt share: a throwaway daemon (one per
 * suite file), the guest image in its pool, the reference provider over the
 * backend (TCG forced, as on CI machines without /dev/kvm, and the
 * documents' initial states), and helpers reading virsh and the guest's
 * serial console.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Caller } from '@occi/core';
import {
  createReferenceProvider,
  isOcciError,
  MemoryStore,
  Model,
  type OcciError,
  type ReferenceProvider,
  type Store,
} from '@occi/core';
import { infrastructure } from '@occi/infrastructure';
import { afterAll, beforeAll } from 'vitest';
import { missingEngine } from '../../../../test/engines.js';
import { type LibvirtOptions, libvirt } from '../../src/index.js';
import { libvirtMissing, startTestLibvirt, type TestLibvirt } from './daemon.js';
import { buildGuestImage } from './guest.js';

export const alice: Caller = { user: 'alice' };
export const POOL = 'occi-test';
export const IMAGE = 'http://occi.example/libvirt/image#guest';

export interface Setup {
  missing: string | undefined;
  daemon: TestLibvirt;
  store: MemoryStore;
  provider: ReferenceProvider;
  backend: ReturnType<typeof libvirt>;
  /** Another provider over the backend on `store` (a server restarted), not started. */
  another(
    store: Store,
    options?: LibvirtOptions,
  ): { provider: ReferenceProvider; extension: ReturnType<typeof libvirt> };
  domainName(location: string): string;
  virsh(...args: string[]): string;
  act(
    location: string,
    action: string,
    attributes?: Record<string, string>,
  ): ReturnType<ReferenceProvider['invoke']>;
  stateOf(location: string): Promise<unknown>;
  consoleOf(location: string): string;
  /** Waits until the guest's console shows `line` `times` times. */
  guestSays(location: string, line: string, times?: number, seconds?: number): Promise<void>;
  /** A file with a minimal definition, for `virsh define` / `net-define`. */
  xmlFile(kind: 'domain' | 'network', name: string, metadata?: string): string;
}

export const count = (text: string, line: string) => text.split('\n').filter((l) => l.includes(line)).length;

export async function failure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (isOcciError(error)) return error;
    throw error;
  }
  throw new Error('expected an OcciError');
}

/** Registers the daemon's start and stop around the suite file; the fields are set once `beforeAll` ran. */
export function useLibvirt(): Setup {
  const setup = { missing: missingEngine('libvirt', libvirtMissing()) } as Setup;
  setup.another = (into, options = {}) => {
    const extension = libvirt({
      uri: setup.daemon.uri,
      pool: POOL,
      poolPath: setup.daemon.poolPath,
      defaultImage: 'guest.img',
      virtualization: 'qemu',
      stopTimeoutSeconds: 60,
      ...options,
    });
    const provider = createReferenceProvider({
      model: Model.create([infrastructure, extension]),
      store: into,
      observeIntervalMs: 0,
    });
    return { provider, extension };
  };
  setup.domainName = (location) => setup.backend.host.name(location);
  setup.virsh = (...args) => setup.daemon.virsh(args);
  setup.act = (location, action, attributes = {}) =>
    setup.provider.invoke(alice, { location }, { action, attributes });
  setup.stateOf = async (location) =>
    (await setup.provider.get(alice, location)).attributes['occi.compute.state'];
  setup.consoleOf = (location) => {
    const log = `${setup.daemon.consoleLogDir}/${setup.domainName(location)}.console.log`;
    return existsSync(log) ? readFileSync(log, 'utf8') : '';
  };
  setup.guestSays = async (location, line, times = 1, seconds = 120) => {
    const deadline = Date.now() + seconds * 1000;
    while (count(setup.consoleOf(location), line) < times) {
      if (Date.now() > deadline)
        throw new Error(
          `the guest of ${location} did not say "${line}" ${times} times within ${seconds} s:\n${setup.consoleOf(location)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  setup.xmlFile = (kind, name, metadata = '') => {
    const file = `${setup.daemon.dir}/${name}.${kind}.xml`;
    writeFileSync(
      file,
      kind === 'domain'
        ? `<domain type='qemu'><name>${name}</name>${metadata}<memory unit='MiB'>64</memory><os><type arch='x86_64'>hvm</type></os></domain>`
        : `<network><name>${name}</name>${metadata}<bridge stp='on' delay='0'/></network>`,
    );
    return file;
  };
  beforeAll(async () => {
    if (setup.missing) return;
    setup.daemon = await startTestLibvirt();
    buildGuestImage(`${setup.daemon.poolPath}/guest.img`);
    setup.store = new MemoryStore();
    const { provider, extension } = setup.another(setup.store);
    setup.provider = provider;
    setup.backend = extension;
    await provider.start(); // makes the pool occi-test in daemon.poolPath
  }, 120_000);
  afterAll(async () => {
    await setup.provider?.close();
    await setup.daemon?.stop();
  }, 60_000);
  return setup;
}
