import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCidr, isIPv4, isIPv6, isIpAddress, isMacAddress } from '../src/index.js';

describe('isIPv4', () => {
  it('accepts dotted quads with octets up to 255', () => {
    for (const s of ['0.0.0.0', '10.1.2.3', '255.255.255.255', '192.168.0.1']) expect(isIPv4(s)).toBe(true);
  });
  it('refuses everything else', () => {
    for (const s of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', ' 1.2.3.4', '1.2.3.4/24'])
      expect(isIPv4(s), s).toBe(false);
  });
  it('accepts every generated address (property)', () => {
    fc.assert(fc.property(fc.ipV4(), (s) => isIPv4(s)));
  });
});

describe('isIPv6', () => {
  it('accepts full, compressed and IPv4-suffixed forms', () => {
    for (const s of [
      '::',
      '::1',
      'fe80::',
      'fe80::1',
      '2001:db8:0:0:0:0:2:1',
      '2001:DB8::8:800:200C:417A',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:1.2.3.4',
    ])
      expect(isIPv6(s), s).toBe(true);
  });
  it('refuses malformed addresses', () => {
    for (const s of [
      ':',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7:8::',
      '::ffff:300.0.0.1',
      '',
    ])
      expect(isIPv6(s), s).toBe(false);
  });
  it('accepts every generated address (property)', () => {
    fc.assert(fc.property(fc.ipV6(), (s) => isIPv6(s)));
  });
});

describe('isIpAddress', () => {
  it('is either family', () => {
    expect(isIpAddress('10.0.0.1')).toBe(true);
    expect(isIpAddress('::1')).toBe(true);
    expect(isIpAddress('example.com')).toBe(false);
  });
});

describe('isCidr', () => {
  it('accepts address/prefix within the family width', () => {
    for (const s of ['10.0.0.0/8', '0.0.0.0/0', '192.168.1.0/32', 'fc00::/7', '::/128'])
      expect(isCidr(s), s).toBe(true);
  });
  it('refuses missing or oversized prefixes and bad addresses', () => {
    for (const s of [
      '10.0.0.0',
      '10.0.0.0/33',
      'fc00::/129',
      '10.0.0/8',
      '10.0.0.0/x',
      '10.0.0.0/',
      '/8',
      '10.0.0.0/1234',
    ])
      expect(isCidr(s), s).toBe(false);
  });
});

describe('isMacAddress', () => {
  it('accepts six hex pairs with one consistent separator', () => {
    for (const s of ['00:11:22:33:44:55', 'AA-BB-CC-DD-EE-FF', 'aa:bb:cc:dd:ee:ff'])
      expect(isMacAddress(s), s).toBe(true);
  });
  it('refuses mixed separators, wrong lengths and non-hex', () => {
    for (const s of [
      '00:11-22:33:44:55',
      '00:11:22:33:44',
      '00:11:22:33:44:55:66',
      'gg:11:22:33:44:55',
      '001122334455',
    ])
      expect(isMacAddress(s), s).toBe(false);
  });
});
