/**
 * Arithmetic on the IP addresses of the IPNetwork and IPNetworkInterface
 * mixins (Infrastructure §3.2.1, §3.4.1.1): is an address inside a range.
 * Syntax is checked by the attribute formats of @occi/core first.
 */
import { isCidr, isIPv4, isIPv6 } from '@occi/core';

/** An address as a number, with its family. */
interface Address {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR range: the network address and the prefix length. */
export interface AddressRange {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

function parseIPv4(s: string): bigint {
  return s.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function parseIPv6(s: string): bigint {
  let text = s;
  // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  if (text.includes('.')) {
    const cut = text.lastIndexOf(':');
    const v4 = parseIPv4(text.slice(cut + 1));
    text = `${text.slice(0, cut + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [left = '', right] = text.split('::');
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(left);
  const tail = right === undefined ? [] : groups(right);
  const all = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** Parses an IPv4 or IPv6 address (without prefix); undefined when it is not one. */
export function parseAddress(s: string): Address | undefined {
  if (isIPv4(s)) return { family: 4, value: parseIPv4(s) };
  if (isIPv6(s)) return { family: 6, value: parseIPv6(s) };
  return undefined;
}

/** Parses `address/prefix`; undefined when it is not CIDR notation. */
export function parseRange(s: string): AddressRange | undefined {
  if (!isCidr(s)) return undefined;
  const slash = s.indexOf('/');
  const address = parseAddress(s.slice(0, slash));
  if (!address) return undefined;
  const prefix = Number(s.slice(slash + 1));
  const bits = address.family === 4 ? 32 : 128;
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { family: address.family, network: address.value & mask, prefix };
}

/** The address part of an address that may carry a prefix (`192.168.0.5/24` → `192.168.0.5`). */
export function addressPart(s: string): string {
  const slash = s.indexOf('/');
  return slash < 0 ? s : s.slice(0, slash);
}

/** True when `address` (with or without prefix) lies inside `range`; false for another family. */
export function rangeContains(range: AddressRange, address: string): boolean {
  const a = parseAddress(addressPart(address));
  if (!a || a.family !== range.family) return false;
  const bits = range.family === 4 ? 32 : 128;
  const shift = BigInt(bits - range.prefix);
  return a.value >> shift === range.network >> shift;
}
