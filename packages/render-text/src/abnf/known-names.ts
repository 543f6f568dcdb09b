/**
 * Names already read (§4.3 `attribute-name`, also parameter names), each
 * kept as one shared, interned copy. Messages repeat the same few names:
 * finding the text among these replaces matching it character by
 * character, and the shared copy makes the later property lookups and
 * comparisons on the name cheap (no hashing of a fresh string).
 *
 * The names are grouped by length and last character; bounded, emptied when full.
 */

const MAX_KNOWN_NAMES = 1024;
/** Longer names are not remembered. */
export const MAX_KNOWN_NAME_LENGTH = 63;

let groups: (string[] | undefined)[] = new Array(64 * 128);
let count = 0;

function group(length: number, last: number): number {
  return (length << 7) | (last & 0x7f);
}

/** The shared copy of the name `s` holds from `start` to `end`, or undefined when it was not read before. */
export function knownName(s: string, start: number, end: number): string | undefined {
  const length = end - start;
  if (length <= 0 || length > MAX_KNOWN_NAME_LENGTH) return undefined;
  const names = groups[group(length, s.charCodeAt(end - 1))];
  if (names === undefined) return undefined;
  const text = s.slice(start, end);
  for (let i = 0; i < names.length; i++) if (names[i] === text) return names[i];
  return undefined;
}

/** Remembers a valid name; returns its shared copy. */
export function rememberName(name: string): string {
  if (name.length === 0 || name.length > MAX_KNOWN_NAME_LENGTH) return name;
  if (count >= MAX_KNOWN_NAMES) {
    groups = new Array(64 * 128);
    count = 0;
  }
  // A property key is interned: the key is the shared copy.
  const shared = Object.keys({ [name]: true })[0]!;
  const at = group(shared.length, shared.charCodeAt(shared.length - 1));
  const names = groups[at];
  if (names === undefined) groups[at] = [shared];
  else names.push(shared);
  count++;
  return shared;
}
