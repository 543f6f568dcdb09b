/**
 * A small ISO 9660 image writer, enough for a NoCloud seed: a volume label
 * and a few files in the root directory. The primary volume descriptor
 * names the files in ISO level 1 form (`META_DAT.;1`); a Joliet
 * supplementary descriptor (UCS-2) carries their real names (`meta-data`),
 * which Linux, cloud-init and Windows read.
 */

const SECTOR = 2048;

export interface IsoFile {
  name: string;
  content: Buffer;
}

/** Both-endian 32-bit (little-endian then big-endian). */
function both32(buffer: Buffer, offset: number, value: number): void {
  buffer.writeUInt32LE(value, offset);
  buffer.writeUInt32BE(value, offset + 4);
}

function both16(buffer: Buffer, offset: number, value: number): void {
  buffer.writeUInt16LE(value, offset);
  buffer.writeUInt16BE(value, offset + 2);
}

const ucs2 = (text: string) => Buffer.from(text, 'utf16le').swap16();

/** ISO level 1 form of a name: `[A-Z0-9_]{1,8}.[A-Z0-9_]{0,3};1`. */
export function isoLevel1Name(name: string): string {
  const clean = (s: string) => s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  const dot = name.lastIndexOf('.');
  const base = clean(dot > 0 ? name.slice(0, dot) : name).slice(0, 8);
  const extension = clean(dot > 0 ? name.slice(dot + 1) : '').slice(0, 3);
  return `${base}.${extension};1`;
}

function dateTime7(date: Date): Buffer {
  return Buffer.from([
    date.getUTCFullYear() - 1900,
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    0,
  ]);
}

function dateTime17(date: Date): Buffer {
  const text = date
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 16);
  return Buffer.concat([Buffer.from(text, 'ascii'), Buffer.from([0])]);
}

function directoryRecord(
  identifier: Buffer,
  extent: number,
  length: number,
  directory: boolean,
  date: Date,
): Buffer {
  const size = 33 + identifier.length + (identifier.length % 2 === 0 ? 1 : 0);
  const record = Buffer.alloc(size);
  record[0] = size;
  both32(record, 2, extent);
  both32(record, 10, length);
  dateTime7(date).copy(record, 18);
  record[25] = directory ? 2 : 0;
  both16(record, 28, 1);
  record[32] = identifier.length;
  identifier.copy(record, 33);
  return record;
}

function pathTable(rootExtent: number, bigEndian: boolean): Buffer {
  const table = Buffer.alloc(10);
  table[0] = 1;
  if (bigEndian) table.writeUInt32BE(rootExtent, 2);
  else table.writeUInt32LE(rootExtent, 2);
  if (bigEndian) table.writeUInt16BE(1, 6);
  else table.writeUInt16LE(1, 6);
  return table;
}

/** Writes the image: `label` (e.g. `cidata`) and the files, in the order given. */
export function isoImage(label: string, files: readonly IsoFile[], date = new Date()): Buffer {
  const layout = {
    pvd: 16,
    svd: 17,
    end: 18,
    lPath: 19,
    mPath: 20,
    jlPath: 21,
    jmPath: 22,
    root: 23,
    jroot: 24,
  };
  let next = 25;
  const extents = files.map((file) => {
    const at = next;
    next += Math.max(1, Math.ceil(file.content.length / SECTOR));
    return at;
  });
  const total = next;
  const image = Buffer.alloc(total * SECTOR);
  const sector = (n: number) => image.subarray(n * SECTOR, (n + 1) * SECTOR);

  const directory = (n: number, joliet: boolean) => {
    const records = [
      directoryRecord(Buffer.from([0]), n, SECTOR, true, date),
      directoryRecord(Buffer.from([1]), n, SECTOR, true, date),
      ...files.map((file, i) =>
        directoryRecord(
          joliet ? ucs2(file.name) : Buffer.from(isoLevel1Name(file.name), 'ascii'),
          extents[i]!,
          file.content.length,
          false,
          date,
        ),
      ),
    ];
    const data = Buffer.concat(records);
    if (data.length > SECTOR) throw new Error('ISO 9660: too many files for one directory sector');
    data.copy(sector(n));
  };

  const descriptor = (n: number, joliet: boolean) => {
    const d = sector(n);
    d[0] = joliet ? 2 : 1;
    d.write('CD001', 1, 'ascii');
    d[6] = 1;
    const text = (offset: number, length: number, value: string) => {
      if (joliet) {
        for (let i = 0; i + 1 < length; i += 2) d.writeUInt16BE(0x20, offset + i);
        ucs2(value.slice(0, length / 2)).copy(d, offset);
      } else d.write(value.padEnd(length, ' ').slice(0, length), offset, 'ascii');
    };
    text(8, 32, '');
    text(40, 32, label);
    both32(d, 80, total);
    if (joliet) d.write('%/E', 88, 'ascii'); // UCS-2 level 3
    both16(d, 120, 1);
    both16(d, 124, 1);
    both16(d, 128, SECTOR);
    both32(d, 132, 10);
    d.writeUInt32LE(joliet ? layout.jlPath : layout.lPath, 140);
    d.writeUInt32BE(joliet ? layout.jmPath : layout.mPath, 148);
    directoryRecord(Buffer.from([0]), joliet ? layout.jroot : layout.root, SECTOR, true, date).copy(d, 156);
    for (const [offset, length] of [
      [190, 128],
      [318, 128],
      [446, 128],
      [574, 128],
      [702, 37],
      [739, 37],
      [776, 37],
    ] as const)
      text(offset, length, '');
    dateTime17(date).copy(d, 813);
    dateTime17(date).copy(d, 830);
    Buffer.from('0000000000000000\0', 'ascii').copy(d, 847);
    dateTime17(date).copy(d, 864);
    d[881] = 1;
  };

  descriptor(layout.pvd, false);
  descriptor(layout.svd, true);
  const end = sector(layout.end);
  end[0] = 255;
  end.write('CD001', 1, 'ascii');
  end[6] = 1;
  pathTable(layout.root, false).copy(sector(layout.lPath));
  pathTable(layout.root, true).copy(sector(layout.mPath));
  pathTable(layout.jroot, false).copy(sector(layout.jlPath));
  pathTable(layout.jroot, true).copy(sector(layout.jmPath));
  directory(layout.root, false);
  directory(layout.jroot, true);
  files.forEach((file, i) => {
    file.content.copy(image, extents[i]! * SECTOR);
  });
  return image;
}
