/**
 * The network XML of an OCCI network (libvirt's formatnetwork): a bridge,
 * isolated unless forwarding is asked for, with the IPNetwork mixin's
 * address and gateway (Infrastructure §3.2.1) as the bridge's address and
 * a DHCP range when the allocation is dynamic.
 */
import { type EntityTie, metadataNode, readMetadata } from './names.js';
import { child, el, parseXml, writeXml } from './xml.js';

export interface IpSpec {
  family: 'ipv4' | 'ipv6';
  /** The bridge's own address: the network's gateway. */
  address: string;
  prefix: number;
  dhcp?: { start: string; end: string };
}

export interface NetworkSpec {
  name: string;
  uuid?: string;
  tie: EntityTie;
  /** `nat` routes out of the host; none (the default) keeps the network isolated. */
  forward?: 'nat';
  ip?: IpSpec;
}

const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/** An IPv4 address in dotted form. */
export const isIpv4 = (value: string) =>
  /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(value) &&
  value.split('.').every((p) => Number(p) <= 255);

/**
 * The IP configuration of a network from `occi.network.address` (CIDR),
 * `occi.network.gateway` and `occi.network.allocation`: the gateway is the
 * bridge's address (the first host when none is given); `dynamic` (the
 * default) serves DHCP on the larger side of the gateway. Throws a message
 * naming what is wrong.
 */
export function ipSpec(cidr: string, gateway: string | undefined, allocation: string | undefined): IpSpec {
  const [address = '', bits = ''] = cidr.split('/');
  const prefix = Number(bits);
  if (address.includes(':')) {
    if (!Number.isInteger(prefix) || prefix < 1 || prefix > 126)
      throw new Error(`occi.network.address ${cidr}: an IPv6 network needs a prefix between 1 and 126`);
    return { family: 'ipv6', address: gateway ?? address.replace(/::?$/, '::1'), prefix };
  }
  if (!isIpv4(address) || !Number.isInteger(prefix) || prefix < 8 || prefix > 30)
    throw new Error(`occi.network.address ${cidr}: an IPv4 network needs a.b.c.d/8 to /30`);
  const size = 2 ** (32 - prefix);
  const network = toInt(address) - (toInt(address) % size);
  const last = network + size - 1;
  const bridge = gateway ?? toIp(network + 1);
  if (!isIpv4(bridge) || toInt(bridge) <= network || toInt(bridge) >= last)
    throw new Error(`occi.network.gateway ${bridge} is no host address of ${toIp(network)}/${prefix}`);
  const spec: IpSpec = { family: 'ipv4', address: bridge, prefix };
  if (allocation === 'static' || size < 8) return spec;
  const g = toInt(bridge);
  const [start, end] = g - (network + 1) > last - 1 - g ? [network + 1, g - 1] : [g + 1, last - 1];
  spec.dhcp = { start: toIp(start), end: toIp(end) };
  return spec;
}

/** The network's address in CIDR form with its host bits cleared (what OCCI reports). */
export function networkAddress(ip: IpSpec): string {
  if (ip.family === 'ipv6') return `${ip.address}/${ip.prefix}`;
  const size = 2 ** (32 - ip.prefix);
  return `${toIp(toInt(ip.address) - (toInt(ip.address) % size))}/${ip.prefix}`;
}

export function networkXml(spec: NetworkSpec): string {
  const ip = spec.ip;
  return writeXml(
    el(
      'network',
      {},
      el('name', {}, spec.name),
      spec.uuid !== undefined && el('uuid', {}, spec.uuid),
      metadataNode(spec.tie),
      spec.forward === 'nat' && el('forward', { mode: 'nat' }),
      el('bridge', { stp: 'on', delay: 0 }),
      ip &&
        el(
          'ip',
          { family: ip.family, address: ip.address, prefix: ip.prefix },
          ip.dhcp && el('dhcp', {}, el('range', { start: ip.dhcp.start, end: ip.dhcp.end })),
        ),
    ),
  );
}

export interface NetworkDescription {
  uuid: string;
  tie: EntityTie | undefined;
  bridge: string;
  forward: string | undefined;
  ip: IpSpec | undefined;
}

export function describeNetwork(xml: string): NetworkDescription {
  const root = parseXml(xml);
  const ipNode = child(root, 'ip');
  let ip: IpSpec | undefined;
  if (ipNode) {
    const family = ipNode.attributes.family === 'ipv6' ? 'ipv6' : 'ipv4';
    const netmask = ipNode.attributes.netmask;
    const prefix = ipNode.attributes.prefix
      ? Number(ipNode.attributes.prefix)
      : netmask
        ? (toInt(netmask).toString(2).match(/1/g) ?? []).length
        : 24;
    ip = { family, address: ipNode.attributes.address ?? '', prefix };
    const range = child(ipNode, 'dhcp/range');
    if (range) ip.dhcp = { start: range.attributes.start ?? '', end: range.attributes.end ?? '' };
  }
  return {
    uuid: child(root, 'uuid')?.text ?? '',
    tie: readMetadata(root),
    bridge: child(root, 'bridge')?.attributes.name ?? '',
    forward: child(root, 'forward')?.attributes.mode,
    ip,
  };
}

/** A DHCP reservation (`<host>`) of a MAC address. */
export const dhcpHostXml = (mac: string, ip: string) => writeXml(el('host', { mac, ip }));
