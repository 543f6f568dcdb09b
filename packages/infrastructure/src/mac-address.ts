/** MAC addresses the provider assigns to network interfaces that come without one. */
import { randomBytes } from 'node:crypto';

/**
 * A random unicast, locally administered MAC address (IEEE 802: bit 1 of the
 * first octet set, bit 0 clear), written as six lower-case colon-separated pairs.
 */
export function randomMacAddress(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = Array.from(random(6).subarray(0, 6));
  bytes[0] = ((bytes[0] ?? 0) & 0xfc) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
