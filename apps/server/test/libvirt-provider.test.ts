/**
 * `occi-server --provider libvirt`: a compute created through the server is
 * a real QEMU domain of a throwaway libvirtd (KVM where the host has it,
 * TCG otherwise), and the documents' semantics hold on this backend.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCapabilities } from '../../../packages/provider-libvirt/src/storage-xml.js';
import {
  libvirtMissing,
  startTestLibvirt,
  type TestLibvirt,
} from '../../../packages/provider-libvirt/test/support/daemon.js';
import { buildGuestImage } from '../../../packages/provider-libvirt/test/support/guest.js';
import { missingEngine } from '../../../test/engines.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { backendConformance } from './support/backend-conformance.js';
import { type ServerProcess, startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const missing = missingEngine('libvirt', libvirtMissing());
let daemon: TestLibvirt;
/** Computes boot when created (--libvirt-start-on-create). */
let server: ServerProcess;
/** The documents' initial states, for the conformance suite. */
let plain: ServerProcess;

beforeAll(async () => {
  if (missing) return;
  daemon = await startTestLibvirt();
  // The operator's defaults: pool `default`, made by the backend in /var/lib/libvirt/images
  // (the daemon's, which is this directory outside its mount namespace).
  mkdirSync(`${daemon.dir}/lib/images`, { recursive: true });
  buildGuestImage(`${daemon.dir}/lib/images/guest.img`);
  const args = ['--store', 'memory:', '--provider', 'libvirt', '--libvirt-uri', daemon.uri];
  server = await startServer([...args, '--libvirt-default-image', 'guest.img', '--libvirt-start-on-create']);
  plain = await startServer([...args, '--libvirt-default-image', 'guest.img']);
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
  await daemon?.stop();
}, 60_000);

describe.skipIf(missing)('--provider libvirt', () => {
  it('names libvirt on start and offers the disk images of the pool as OS templates', async () => {
    expect(server.output()).toContain(`provider:   libvirt at ${daemon.uri}, pool default`);
    expect(daemon.virsh(['pool-dumpxml', 'default'])).toContain('<path>/var/lib/libvirt/images</path>');
    const discovery = await (await fetch(`${server.url}/-/`, { headers: { accept: 'text/plain' } })).text();
    expect(discovery).toContain(
      'Category: guest; scheme="http://occi.example/libvirt/image#"; class="mixin"',
    );
  });

  it('creates a compute as a running virtual machine, follows virsh, and deleting it removes the domain', async () => {
    const created = await fetch(`${server.url}/compute/`, {
      method: 'POST',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      body: JSON.stringify({
        kind: `${INFRA}compute`,
        attributes: { 'occi.compute.hostname': 'boxed', 'occi.compute.memory': 0.25 },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const location = created.headers.get('location')!;
    const name = `occi${new URL(location).pathname.replaceAll('/', '_')}`;
    const read = async () =>
      (
        (await (await fetch(location, { headers: { accept: 'application/occi+json' } })).json()) as {
          attributes: Record<string, unknown>;
        }
      ).attributes;
    expect((await read())['occi.compute.state']).toBe('active');
    expect(daemon.virsh(['domstate', name]).trim()).toBe('running');
    // KVM where the host offers it, QEMU's TCG otherwise.
    const kvm = describeCapabilities(daemon.virsh(['capabilities']))
      .guests.get('x86_64')
      ?.has('kvm');
    expect(daemon.virsh(['dumpxml', name])).toContain(`<domain type='${kvm ? 'kvm' : 'qemu'}'`);
    daemon.virsh(['destroy', name]);
    expect((await read())['occi.compute.state']).toBe('inactive');
    expect((await fetch(location, { method: 'DELETE' })).status).toBe(200);
    expect(daemon.virsh(['list', '--all', '--name'])).not.toContain(name);
    expect(daemon.virsh(['vol-list', 'default'])).not.toContain(name);
  }, 60_000);
});

describe('configuration of the libvirt provider', () => {
  it('runs on one option: --provider libvirt, on qemu:///system and pool default', () => {
    const config = parseConfig({ argv: ['--provider', 'libvirt'], env: {} });
    expect(config.provider).toBe('libvirt');
    expect(config.backendOptions).toEqual({ libvirtUri: 'qemu:///system', libvirtPool: 'default' });
  });

  it.each([
    [
      ['--provider', 'libvirt', '--libvirt-uri', 'http://x'],
      '--libvirt-uri: libvirt URI http://x: this backend drives QEMU',
    ],
    [
      ['--provider', 'libvirt', '--libvirt-uri', 'qemu://host/system'],
      '--libvirt-uri: libvirt URI qemu://host/system: a remote host needs the ssh transport',
    ],
    [['--libvirt-pool', 'images'], '--libvirt-pool: applies to --provider libvirt, not reference'],
    [
      ['--provider', 'libvirt', '--extensions', 'sla'],
      '--provider: libvirt needs the infrastructure extension',
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseConfig({ argv, env: {} })).toThrow(ConfigError);
    expect(() => parseConfig({ argv, env: {} })).toThrow(message);
  });
});

describe.skipIf(missing)('', () => {
  backendConformance('libvirt', () => plain);
});
