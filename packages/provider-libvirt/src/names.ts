/**
 * How entities and libvirt objects are tied. Every domain, volume and
 * network this backend makes is named after the entity's location, in a
 * reversible way, so the backend finds its objects again after a restart
 * and knows, for each object it finds, which entity it was made for:
 * volumes carry no metadata in libvirt, so their name is their metadata.
 * Domains and networks also carry the location, owner and id in a
 * `<metadata>` element of their XML.
 */
import { el, type XmlElement, type XmlNode } from './xml.js';

/** The XML namespace of the metadata element written into domains and networks. */
export const METADATA_NAMESPACE = 'https://occi-ts.github.io/ns/libvirt/1';
const PREFIX = 'occi';

/**
 * The libvirt name of the object of the entity at `location`: the prefix,
 * then the path with `/` as `_` and every other character outside
 * `[A-Za-z0-9-]` as `~` and its UTF-8 bytes in hex (`/compute/4f…` →
 * `occi_compute_4f…`). Such names are valid for domains, networks and
 * files alike, and a suffix after a `.` never belongs to the location.
 */
export function objectName(prefix: string, location: string): string {
  let out = prefix;
  for (const char of location) {
    if (char === '/') out += '_';
    else if (/[A-Za-z0-9-]/.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `~${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The location an object name was made from (its suffix after `.` ignored), or undefined when it is none of ours. */
export function locationOf(prefix: string, name: string): string | undefined {
  if (!name.startsWith(`${prefix}_`)) return undefined;
  const encoded = name.slice(prefix.length).split('.')[0]!;
  if (!/^(?:[A-Za-z0-9_-]|~[0-9a-f]{2})+$/.test(encoded)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const char = encoded[i]!;
    if (char === '~') {
      bytes.push(Number.parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(char === '_' ? 0x2f : char.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface EntityTie {
  location: string;
  owner: string;
  id: string;
}

/** The `<metadata>` element of a domain or network made for an entity. */
export function metadataNode(tie: EntityTie): XmlNode {
  return el('metadata', {}, el(`${PREFIX}:entity`, { [`xmlns:${PREFIX}`]: METADATA_NAMESPACE, ...tie }));
}

/** The entity a domain's or network's XML says it was made for. */
export function readMetadata(root: XmlElement): EntityTie | undefined {
  const metadata = root.children.find((c) => c.name === 'metadata');
  for (const entry of metadata?.children ?? []) {
    const [prefix, local] = entry.name.includes(':') ? entry.name.split(':') : ['', entry.name];
    if (local !== 'entity' || entry.attributes[prefix ? `xmlns:${prefix}` : 'xmlns'] !== METADATA_NAMESPACE)
      continue;
    const { location, owner, id } = entry.attributes;
    if (location) return { location, owner: owner ?? '', id: id ?? '' };
  }
  return undefined;
}

export { PREFIX as DEFAULT_NAME_PREFIX };
