/**
 * The NoCloud seed of a compute (cloud-init's `nocloud` data source, read
 * by most cloud images): an ISO 9660 volume labelled `cidata` holding
 * `meta-data` (instance id, hostname, the credentials mixin's SSH key,
 * Infrastructure §3.5.2.1) and `user-data` (the contextualization mixin's
 * data, §3.5.2.2, run by cloud-init as the last step of the first boot).
 * An image without cloud-init ignores the disk.
 */
import type { Entity } from '@occi/core';
import { isoImage } from './iso9660.js';

/**
 * The user data as the guest gets it: the value as given, or, when it is
 * base64 (as cloud clients often send it) of a script (`#!`) or cloud
 * config (`#cloud-config`), its decoding.
 */
export function userData(value: string): string {
  if (/^[A-Za-z0-9+/\s]+={0,2}\s*$/.test(value) && !value.startsWith('#')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (decoded.startsWith('#!') || decoded.startsWith('#cloud-config')) return decoded;
  }
  return value;
}

/** The hostname the guest gets: the compute's, else one made from its id. */
export function hostnameOf(entity: Entity): string {
  const hostname = entity.attributes['occi.compute.hostname'];
  if (typeof hostname === 'string' && hostname !== '') return hostname;
  return `occi-${entity.id.replace(/^urn:uuid:/, '').slice(0, 8)}`;
}

/** `meta-data`, as YAML (each value a JSON string, which YAML reads as the same string). */
export function metaData(entity: Entity): string {
  const lines = [
    `instance-id: ${JSON.stringify(entity.id)}`,
    `local-hostname: ${JSON.stringify(hostnameOf(entity))}`,
  ];
  const key = entity.attributes['occi.credentials.ssh.publickey'];
  if (typeof key === 'string' && key.trim() !== '') {
    lines.push('public-keys:');
    for (const line of key.split('\n').filter((l) => l.trim() !== ''))
      lines.push(`  - ${JSON.stringify(line.trim())}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The seed image of a compute. */
export function seedImage(entity: Entity, date?: Date): Buffer {
  const data = entity.attributes['occi.compute.userdata'];
  const user = typeof data === 'string' && data !== '' ? userData(data) : '#cloud-config\n{}\n';
  return isoImage(
    'cidata',
    [
      { name: 'meta-data', content: Buffer.from(metaData(entity), 'utf8') },
      { name: 'user-data', content: Buffer.from(user, 'utf8') },
    ],
    date,
  );
}

/** Whether a change of the compute changes its seed. */
export function seedChanged(entity: Entity, previous: Entity): boolean {
  return (
    metaData(entity) !== metaData(previous) ||
    entity.attributes['occi.compute.userdata'] !== previous.attributes['occi.compute.userdata']
  );
}
