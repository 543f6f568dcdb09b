/**
 * The tiny guest the tests boot, built here from Debian packages with no
 * download: a FAT disk image (mkfs.vfat, mtools) that SYSLINUX boots
 * (BIOS → boot sector → Debian's kernel and a busybox initramfs). Its
 * /init loads the few modules it needs (virtio disks, the IDE CD-ROM of
 * the NoCloud seed, ACPI's power button), reads the seed (hostname, SSH
 * key, user-data script) and reports on the serial console, which the
 * backend logs: `occi-guest: ready`, the virtio disks it sees, and that
 * its power button was pressed (it then powers off).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kernelPath, which } from './daemon.js';

/** The modules of Debian's kernel the guest loads (and those they depend on). */
const MODULES = ['virtio_pci', 'virtio_blk', 'button', 'evdev', 'ata_piix', 'sr_mod', 'isofs'];

const INIT = `#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m 2>/dev/null; done
echo "occi-guest: booted"
# The power button first: a stop may come while the rest starts.
for e in /sys/class/input/event*; do
  if grep -q 'Power Button' $e/device/name 2>/dev/null; then
    (dd if=/dev/input/\${e##*/} bs=24 count=1 >/dev/null 2>&1; echo "occi-guest: power button"; sync; poweroff -f) &
  fi
done
for try in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/sr0 ] && break; sleep 0.2; done
if mount -t iso9660 -o ro /dev/sr0 /seed 2>/dev/null; then
  h=$(sed -n 's/^local-hostname: *"\\{0,1\\}\\([^"]*\\)"\\{0,1\\}$/\\1/p' /seed/meta-data)
  [ -n "$h" ] && hostname "$h" && echo "occi-guest: hostname $h"
  sed -n 's/^ *- *"\\{0,1\\}\\([^"]*\\)"\\{0,1\\}$/occi-guest: ssh-key \\1/p' /seed/meta-data
  if [ "$(head -c 2 /seed/user-data)" = "#!" ]; then
    cp /seed/user-data /tmp/user-data && chmod +x /tmp/user-data && /tmp/user-data
  fi
fi
echo "occi-guest: ready"
last=""
while true; do
  now=$(ls /sys/block | grep '^vd' | tr '\\n' ' ')
  [ "$now" != "$last" ] && echo "occi-guest: disks $now" && last="$now"
  sleep 1
done
`;

/** A newc cpio archive of files (path → content, mode) and symlinks. */
function cpio(entries: { path: string; mode: number; content?: Buffer; link?: string }[]): Buffer {
  const parts: Buffer[] = [];
  const pad = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);
  let ino = 1;
  const add = (path: string, mode: number, data: Buffer) => {
    const name = Buffer.from(`${path}\0`);
    const fields = [ino++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, name.length, 0];
    const header = Buffer.from(`070701${fields.map((f) => f.toString(16).padStart(8, '0')).join('')}`);
    parts.push(header, name, pad(header.length + name.length), data, pad(data.length));
  };
  for (const e of entries)
    add(e.path, e.mode, e.link !== undefined ? Buffer.from(e.link) : (e.content ?? Buffer.alloc(0)));
  add('TRAILER!!!', 0, Buffer.alloc(0));
  return Buffer.concat(parts);
}

/** The module files of `names` and what they depend on, dependencies first (modules.dep). */
function moduleFiles(release: string, names: string[]): string[] {
  const dir = `/lib/modules/${release}`;
  const deps = new Map<string, string[]>();
  for (const line of readFileSync(`${dir}/modules.dep`, 'utf8').split('\n')) {
    const [file, rest = ''] = line.split(':');
    if (file) deps.set(file, rest.trim().split(/\s+/).filter(Boolean));
  }
  const order: string[] = [];
  const visit = (file: string) => {
    if (order.includes(file)) return;
    for (const dep of deps.get(file) ?? []) visit(dep);
    order.push(file);
  };
  for (const name of names) {
    const file = [...deps.keys()].find((f) => basename(f).replace(/\.ko(\.\w+)?$/, '') === name);
    if (file) visit(file);
  }
  return order.map((f) => `${dir}/${f}`);
}

/** Builds the guest's disk image at `path` (raw, about 20 MiB). */
export function buildGuestImage(path: string): void {
  const kernel = kernelPath()!;
  const release = basename(kernel).slice('vmlinuz-'.length);
  const modules = moduleFiles(release, MODULES);
  const dir = (path: string) => ({ path, mode: 0o40755 });
  const initrd = gzipSync(
    cpio([
      ...['bin', 'dev', 'proc', 'sys', 'seed', 'tmp', 'lib', 'lib/modules'].map(dir),
      { path: 'bin/busybox', mode: 0o100755, content: readFileSync(which('busybox')!) },
      { path: 'bin/sh', mode: 0o120777, link: 'busybox' },
      { path: 'init', mode: 0o100755, content: Buffer.from(INIT) },
      ...modules.map((m) => ({
        path: `lib/modules/${basename(m)}`,
        mode: 0o100644,
        content: readFileSync(m),
      })),
      {
        path: 'lib/modules/order',
        mode: 0o100644,
        content: Buffer.from(`${modules.map((m) => basename(m)).join('\n')}\n`),
      },
    ]),
    { level: 1 },
  );
  const work = mkdtempSync(join(tmpdir(), 'occi-guest-'));
  try {
    writeFileSync(join(work, 'initrd.gz'), initrd);
    writeFileSync(
      join(work, 'syslinux.cfg'),
      'DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n  KERNEL vmlinuz\n  INITRD initrd.gz\n  APPEND console=ttyS0 quiet panic=-1\n',
    );
    if (existsSync(path)) rmSync(path);
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    run('mkfs.vfat', ['-C', '-n', 'OCCIGUEST', path, '20480']);
    run('syslinux', ['--install', path]);
    for (const [file, as] of [
      [kernel, 'vmlinuz'],
      [join(work, 'initrd.gz'), 'initrd.gz'],
      [join(work, 'syslinux.cfg'), 'syslinux.cfg'],
    ] as const)
      run('mcopy', ['-i', path, file, `::${as}`]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
