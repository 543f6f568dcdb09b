/** The libvirt backend (@occi/provider-libvirt): QEMU/KVM virtual machines, pool volumes, libvirt networks. */
import { libvirt, parseUri } from '@occi/provider-libvirt';
import { type BackendRow, flag } from './backend-row.js';

export const libvirtBackend: BackendRow = {
  name: 'libvirt',
  summary:
    'computes are QEMU/KVM virtual machines, storages volumes of a storage pool, networks libvirt networks',
  requires: ['infrastructure'],
  osTemplates: true,
  options: [
    {
      key: 'libvirtUri',
      flag: '--libvirt-uri',
      env: 'OCCI_LIBVIRT_URI',
      value: 'uri',
      help: 'the libvirt connection for --provider libvirt: qemu:///system, qemu+ssh://user@host/system',
      default: 'qemu:///system',
      convert: (raw) => {
        try {
          parseUri(raw);
          return { value: raw };
        } catch (error) {
          return { problem: error instanceof Error ? error.message : String(error) };
        }
      },
    },
    {
      key: 'libvirtPool',
      flag: '--libvirt-pool',
      env: 'OCCI_LIBVIRT_POOL',
      value: 'pool',
      help: 'the storage pool of disks and storages, whose disk images are the OS templates (--provider libvirt; made in /var/lib/libvirt/images when absent)',
      default: 'default',
      convert: (raw) => (raw.trim() === '' ? { problem: 'a pool name is needed' } : { value: raw }),
    },
    {
      key: 'libvirtDefaultImage',
      flag: '--libvirt-default-image',
      env: 'OCCI_LIBVIRT_DEFAULT_IMAGE',
      value: 'volume',
      help: 'disk image (a volume of the pool) of a compute created without an os_tpl (--provider libvirt)',
      convert: (raw) => (raw.trim() === '' ? { problem: 'a volume name is needed' } : { value: raw }),
    },
    {
      key: 'libvirtStartOnCreate',
      flag: '--libvirt-start-on-create',
      env: 'OCCI_LIBVIRT_START_ON_CREATE',
      help: 'boot computes, bring storages online and start networks when created (default: the documents’ initial states)',
      convert: flag,
    },
  ],
  create: (options) =>
    libvirt({
      uri: (options.libvirtUri as string | undefined) ?? 'qemu:///system',
      pool: (options.libvirtPool as string | undefined) ?? 'default',
      ...(options.libvirtDefaultImage !== undefined
        ? { defaultImage: options.libvirtDefaultImage as string }
        : {}),
      startOnCreate: options.libvirtStartOnCreate === true,
    }),
  describe: (options) =>
    `libvirt at ${(options.libvirtUri as string | undefined) ?? 'qemu:///system'}, pool ${(options.libvirtPool as string | undefined) ?? 'default'}`,
};
