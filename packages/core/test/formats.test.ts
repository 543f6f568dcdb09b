import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CIDR_PATTERN,
  IP_ADDRESS_PATTERN,
  IP_OR_CIDR_PATTERN,
  IPV4_PATTERN,
  IPV6_PATTERN,
  isCidr,
  isIPv4,
  isIPv6,
  isIpAddress,
  isMacAddress,
  isUri,
  MAC_ADDRESS_PATTERN,
  URI_PATTERN,
} from '../src/index.js';

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

/**
 * The `*_PATTERN` sources state the checks above as plain draft-04 `pattern`
 * regular expressions (what extensions put in discovery instead of the
 * non-standard formats); they must accept exactly what the functions accept.
 */
describe('address patterns agree with the checks', () => {
  const ipv4 = new RegExp(`^${IPV4_PATTERN}$`, 'u');
  const ipv6 = new RegExp(`^${IPV6_PATTERN}$`, 'u');
  const ip = new RegExp(IP_ADDRESS_PATTERN, 'u');
  const cidr = new RegExp(CIDR_PATTERN, 'u');
  const ipOrCidr = new RegExp(IP_OR_CIDR_PATTERN, 'u');
  const mac = new RegExp(MAC_ADDRESS_PATTERN, 'u');
  const uri = new RegExp(URI_PATTERN, 'u');
  const agree = (s: string) => {
    expect(ipv4.test(s), `ipv4 ${s}`).toBe(isIPv4(s));
    expect(ipv6.test(s), `ipv6 ${s}`).toBe(isIPv6(s));
    expect(ip.test(s), `ip ${s}`).toBe(isIpAddress(s));
    expect(cidr.test(s), `cidr ${s}`).toBe(isCidr(s));
    expect(ipOrCidr.test(s), `ip-or-cidr ${s}`).toBe(isIpAddress(s) || isCidr(s));
    expect(mac.test(s), `mac ${s}`).toBe(isMacAddress(s));
    expect(uri.test(s), `uri ${s}`).toBe(isUri(s));
  };

  it('on hand-picked edge cases', () => {
    for (const s of [
      '',
      ':',
      '::',
      ':::',
      '::1',
      '1::',
      '1:2:3:4:5:6:7::',
      '1:2:3:4:5:6:7:8::',
      '::2:3:4:5:6:7:8',
      '::1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':1::',
      '1:::2',
      '12345::',
      'fe80::1',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4',
      '1:2:3:4:5::1.2.3.4',
      '1:2:3:4:5:6::1.2.3.4',
      '::1.2.3.4',
      '1.2.3.4::',
      '::01.2.3.4',
      '10.0.0.0/8',
      '10.0.0.0/008',
      '10.0.0.0/032',
      '10.0.0.0/33',
      '10.0.0.0/0033',
      'fc00::/7',
      'fc00::/128',
      'fc00::/0128',
      'fc00::/129',
      '::1.2.3.4/96',
      '10.0.0.1/',
      '00:11:22:33:44:55',
      'AA-BB-CC-DD-EE-FF',
      '00:11-22:33:44:55',
      'http://example.com/x',
      'urn:uuid:1',
      'not a uri',
    ])
      agree(s);
  });

  it('on generated addresses, prefixes and near misses (property)', () => {
    const prefix = fc.integer({ min: 0, max: 140 }).map(String);
    const text = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), prefix).map(([a, p]) => `${a}/${p}`),
      fc.stringMatching(/^[0-9a-fA-F:./-]{0,20}$/),
      fc.mixedCase(fc.constantFrom('00:11:22:33:44:55', '0a-1b-2c-3d-4e-5f')),
    );
    fc.assert(
      fc.property(text, (s) => agree(s)),
      { numRuns: 2000 },
    );
  });
});
