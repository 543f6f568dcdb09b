/**
 * NetworkInterface (Infrastructure §3.4.1) as a connection of a container
 * to an engine network; the engine's MAC and IP address are reported in the
 * link's attributes (§3.4.1.1 IPNetworkInterface mixin).
 */
import type { Entity } from '@occi/core';

/** One network of a container, as `NetworkSettings.Networks` reports it. */
export interface Endpoint {
  MacAddress?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  Gateway?: string;
}

/** The endpoint configuration of a link: its MAC and, for a static address, its IP. */
export function endpointConfig(link: Entity): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const mac = link.attributes['occi.networkinterface.mac'];
  if (typeof mac === 'string') config.MacAddress = mac.toLowerCase();
  const address = link.attributes['occi.networkinterface.address'];
  if (typeof address === 'string') {
    const ip = address.replace(/\/\d+$/, '');
    config.IPAMConfig = ip.includes(':') ? { IPv6Address: ip } : { IPv4Address: ip };
  }
  return config;
}

/** The link attributes the endpoint reports; only what the engine knows (a stopped container has no address). */
export function endpointAttributes(endpoint: Endpoint): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (endpoint.MacAddress) attributes['occi.networkinterface.mac'] = endpoint.MacAddress;
  if (endpoint.IPAddress) {
    attributes['occi.networkinterface.address'] =
      endpoint.IPPrefixLen !== undefined
        ? `${endpoint.IPAddress}/${endpoint.IPPrefixLen}`
        : endpoint.IPAddress;
    if (endpoint.Gateway) attributes['occi.networkinterface.gateway'] = endpoint.Gateway;
  }
  return attributes;
}
