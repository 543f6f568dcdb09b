import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressPart, parseAddress, parseRange, rangeContains } from '../src/ip-address.js';

describe('parseAddress', () => {
  it('reads IPv4 and IPv6, including the compressed and embedded-IPv4 forms', () => {
    expect(parseAddress('192.168.0.1')).toEqual({ family: 4, value: 0xc0a80001n });
    expect(parseAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseAddress('fc00::')).toEqual({ family: 6, value: 0xfcn << 120n });
    expect(parseAddress('::ffff:192.0.2.1')).toEqual({ family: 6, value: (0xffffn << 32n) | 0xc0000201n });
    expect(parseAddress('2001:db8:0:0:0:0:0:1')).toEqual(parseAddress('2001:db8::1'));
    expect(parseAddress('192.168.0.256')).toBeUndefined();
    expect(parseAddress('eth0')).toBeUndefined();
  });
});

describe('parseRange / rangeContains', () => {
  it('masks the network address', () => {
    expect(parseRange('192.168.0.1/24')).toEqual({ family: 4, network: 0xc0a80000n, prefix: 24 });
    expect(parseRange('10.0.0.0/0')).toEqual({ family: 4, network: 0n, prefix: 0 });
    expect(parseRange('192.168.0.1')).toBeUndefined();
    expect(parseRange('192.168.0.1/33')).toBeUndefined();
  });

  it('tells whether an address lies inside', () => {
    const v4 = parseRange('192.168.0.1/24')!;
    expect(rangeContains(v4, '192.168.0.254')).toBe(true);
    expect(rangeContains(v4, '192.168.0.100/24')).toBe(true);
    expect(rangeContains(v4, '192.168.1.1')).toBe(false);
    expect(rangeContains(v4, 'fc00::1')).toBe(false);
    const v6 = parseRange('fc00::/7')!;
    expect(rangeContains(v6, 'fdff::1')).toBe(true);
    expect(rangeContains(v6, 'fe00::1')).toBe(false);
    expect(rangeContains(parseRange('0.0.0.0/0')!, '8.8.8.8')).toBe(true);
    expect(rangeContains(parseRange('10.0.0.1/32')!, '10.0.0.1')).toBe(true);
    expect(rangeContains(parseRange('10.0.0.1/32')!, '10.0.0.2')).toBe(false);
  });

  it('takes the address part of a prefixed address', () => {
    expect(addressPart('192.168.0.1/24')).toBe('192.168.0.1');
    expect(addressPart('fc00::')).toBe('fc00::');
  });
});

describe('properties', () => {
  it('an address lies inside every range written with it, and not inside a disjoint one', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const range = parseRange(`${address}/${prefix}`)!;
        if (!rangeContains(range, address)) return false;
        if (prefix === 0) return true;
        // Flipping the last bit of the network part leaves the range.
        const value = parseAddress(address)!.value ^ (1n << BigInt(32 - prefix));
        const flipped = [24n, 16n, 8n, 0n].map((s) => Number((value >> s) & 0xffn)).join('.');
        return !rangeContains(range, flipped);
      }),
    );
  });

  it('reads every IPv6 address the core format accepts', () => {
    fc.assert(fc.property(fc.ipV6(), (address) => parseAddress(address)?.family === 6));
  });
});
