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

/**
 * A remembered name and, when it is longer than `PIECE` characters, its
 * pieces of at most that many: a slice that short is a copy, compared with
 * a string in native code, where a longer slice is a view whose comparison
 * is a runtime call (V8).
 */
interface Known {
  readonly name: string;
  readonly pieces: readonly string[];
}
const PIECE = 12;
/** Names per group at most (the oldest is forgotten): a lookup compares with a few names, never many. */
const MAX_GROUP = 8;

let groups: (Known[] | undefined)[] = new Array(64 * 128);
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
  if (length <= PIECE) {
    const text = s.slice(start, end);
    for (let i = 0; i < names.length; i++) if (names[i]!.name === text) return names[i]!.name;
    return undefined;
  }
  // The names of a group have the same length: the first piece is sliced once for all.
  const first = s.slice(start, start + PIECE);
  for (let i = 0; i < names.length; i++) {
    const pieces = names[i]!.pieces;
    if (pieces[0] !== first) continue;
    let k = 1;
    for (let from = start + PIECE; k < pieces.length; k++, from += PIECE) {
      const piece = pieces[k]!;
      if (s.slice(from, from + piece.length) !== piece) break;
    }
    if (k === pieces.length) return names[i]!.name;
  }
  return undefined;
}

/** An interned copy of `text` (a property key is interned). */
function intern(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

/** Remembers a valid name; returns its shared copy. */
export function rememberName(name: string): string {
  if (name.length === 0 || name.length > MAX_KNOWN_NAME_LENGTH) return name;
  if (count >= MAX_KNOWN_NAMES) {
    groups = new Array(64 * 128);
    count = 0;
  }
  const shared = intern(name);
  const pieces: string[] = [];
  if (shared.length > PIECE)
    for (let k = 0; k < shared.length; k += PIECE) pieces.push(intern(shared.slice(k, k + PIECE)));
  const at = group(shared.length, shared.charCodeAt(shared.length - 1));
  const names = groups[at];
  const known: Known = { name: shared, pieces };
  if (names === undefined) groups[at] = [known];
  else {
    if (names.length >= MAX_GROUP) names.shift();
    names.push(known);
  }
  count++;
  return shared;
}
