/**
 * Network (Infrastructure §3.2) as an engine network: internal unless
 * configured otherwise, its IPNetwork address and gateway (§3.2.1) as the
 * network's IPAM configuration.
 */
import type { Entity } from '@occi/core';

/** A network as `GET /networks/{id}` reports it. */
export interface EngineNetwork {
  Id: string;
  Name: string;
  Internal?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null } | null;
}

/** The network address of a CIDR: `192.168.0.1/24` → `192.168.0.0/24` (IPv6 is passed as given). */
export function subnetOf(cidr: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return cidr;
  const prefix = Number(match[5]);
  const value = match.slice(1, 5).reduce((n, part) => n * 256 + Number(part), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (value & mask) >>> 0;
  return `${[24, 16, 8, 0].map((shift) => (base >>> shift) & 255).join('.')}/${prefix}`;
}

/** The body of `POST /networks/create` for a network entity. */
export function networkCreateBody(
  name: string,
  entity: Entity,
  labels: Record<string, string>,
  internal: boolean,
): Record<string, unknown> {
  const address = entity.attributes['occi.network.address'];
  const gateway = entity.attributes['occi.network.gateway'];
  const body: Record<string, unknown> = {
    Name: name,
    Internal: internal,
    Labels: labels,
    CheckDuplicate: true,
  };
  if (typeof address === 'string') {
    const config: Record<string, string> = { Subnet: subnetOf(address) };
    if (typeof gateway === 'string') config.Gateway = gateway;
    body.IPAM = { Driver: 'default', Config: [config] };
  }
  return body;
}
