/**
 * Syntax checks for attribute values: the draft-04 standard formats
 * (`date-time`, `email`, `hostname`, `ipv4`, `ipv6`, `uri`; JSON Schema
 * Validation draft-04 §7.3) and the address shapes of the infrastructure
 * attributes. The address shapes are also given as regular expressions
 * (`*_PATTERN`), so that an attribute's `pattern` can state them with the
 * standard `pattern` keyword, which any draft-04 validator understands.
 */

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const HEX_GROUP = '[0-9A-Fa-f]{1,4}';

/** A dotted-quad IPv4 address, octets without leading zeros (unanchored source). */
export const IPV4_PATTERN = `${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}`;

/**
 * The alternatives of an IPv6 address (RFC 4291 §2.2): eight groups, or
 * fewer around one `::`; the last two groups may be written as an IPv4
 * address. `::` stands for at least one group.
 */
function ipv6Alternatives(): string[] {
  const hexRun = (n: number) => (n === 0 ? '' : `${HEX_GROUP}(?::${HEX_GROUP}){${n - 1}}`);
  const upTo = (n: number) => (n === 0 ? '' : `(?:${HEX_GROUP}(?::${HEX_GROUP}){0,${n - 1}})?`);
  const alternatives = [`${hexRun(8)}`, `(?:${HEX_GROUP}:){6}${IPV4_PATTERN}`];
  // `left::right`, at most 7 groups in all (8 with the IPv4 tail counting as 2).
  for (let left = 0; left <= 7; left++) alternatives.push(`${hexRun(left)}::${upTo(7 - left)}`);
  for (let left = 0; left <= 5; left++)
    alternatives.push(`${hexRun(left)}::(?:${HEX_GROUP}:){0,${5 - left}}${IPV4_PATTERN}`);
  return alternatives;
}

/** An IPv6 address in any RFC 4291 text form (unanchored source). */
export const IPV6_PATTERN = `(?:${ipv6Alternatives().join('|')})`;

const IPV4_PREFIX = '(?:0{0,2}\\d|0?[12]\\d|0?3[0-2])';
const IPV6_PREFIX = '(?:\\d{1,2}|0\\d\\d|1[01]\\d|12[0-8])';

/** An IPv4 or IPv6 address, anchored: the `pattern` form of `isIpAddress`. */
export const IP_ADDRESS_PATTERN = `^(?:${IPV4_PATTERN}|${IPV6_PATTERN})$`;
/** An address range in CIDR notation, anchored: the `pattern` form of `isCidr`. */
export const CIDR_PATTERN = `^(?:${IPV4_PATTERN}/${IPV4_PREFIX}|${IPV6_PATTERN}/${IPV6_PREFIX})$`;
/** An address with or without a CIDR prefix, anchored. */
export const IP_OR_CIDR_PATTERN = `^(?:${IPV4_PATTERN}(?:/${IPV4_PREFIX})?|${IPV6_PATTERN}(?:/${IPV6_PREFIX})?)$`;
/** A 48-bit MAC address, anchored: the `pattern` form of `isMacAddress`. */
export const MAC_ADDRESS_PATTERN =
  '^(?:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})$';
/** An absolute URI: a scheme, a colon and no white space, anchored: the `pattern` form of `isUri`. */
export const URI_PATTERN = '^[A-Za-z][A-Za-z0-9+.-]*:\\S*$';

const IPV4 = new RegExp(`^${IPV4_PATTERN}$`);

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  if (s.length > 45 || s.length < 2) return false;
  let text = s;
  let groupsNeeded = 8;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const group = /^[0-9A-Fa-f]{1,4}$/;
  const parts = (h: string) => (h === '' ? [] : h.split(':'));
  if (halves.length === 2) {
    const left = parts(halves[0]!);
    const right = parts(halves[1]!);
    if (![...left, ...right].every((g) => group.test(g))) return false;
    return left.length + right.length < groupsNeeded;
  }
  const all = parts(text);
  groupsNeeded = 8;
  return all.length === groupsNeeded && all.every((g) => group.test(g));
}

export function isIpAddress(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** An IPv4 or IPv6 address range in CIDR notation, e.g. `192.168.0.0/24`, `fc00::/7`. */
export function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const address = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const n = Number(bits);
  if (isIPv4(address)) return n <= 32;
  if (isIPv6(address)) return n <= 128;
  return false;
}

/** A 48-bit MAC address written as six colon- or hyphen-separated hex pairs. */
export function isMacAddress(s: string): boolean {
  return /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(s);
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** draft-04 `hostname` (RFC 1034 §3.1): dot-separated labels of 1–63 letters, digits and inner hyphens, 255 characters at most. */
export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  return s.split('.').every((label) => HOST_LABEL.test(label));
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** draft-04 `email` (RFC 5322 §3.4.1 addr-spec, dot-atom form): `local@host.name`. */
export function isEmail(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0) return false;
  const local = s.slice(0, at);
  return local.length <= 64 && EMAIL_LOCAL.test(local) && isHostname(s.slice(at + 1));
}

/** draft-04 `uri` (RFC 3986): an absolute URI, i.e. a scheme, a colon and no white space. */
export function isUri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(s);
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** draft-04 `date-time` (RFC 3339 §5.6): `2026-11-29T10:00:00Z`, seconds and offset required. */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  // RFC 3339 §5.7: second 60 is a leap second.
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[7] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
  return true;
}
