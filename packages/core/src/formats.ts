/** Syntax checks for the address values of the infrastructure attributes. */

const IPV4_OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);

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
