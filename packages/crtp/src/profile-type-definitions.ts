/**
 * Profile type definitions (CRTP §7): the two ephemeral storage attributes
 * (§7.1, §7.2) and the attribute values of the six RESOURCE TEMPLATEs
 * (§7.3–§7.8).
 */
import type { AttributeSpec } from '@occi/core';

/** CRTP §7.1: Float (GiB), multiplicity 1, immutable. */
export const EPHEMERAL_STORAGE_SIZE = 'occi.compute.ephemeral_storage.size';
/** CRTP §7.2: String, multiplicity 1, mutable. */
export const EPHEMERAL_STORAGE_DEVICEID = 'occi.compute.ephemeral_storage.deviceid';
/** The device id the provider offers for ephemeral storage unless the client chooses another. */
export const DEFAULT_EPHEMERAL_DEVICEID = '/dev/vdb';

/** One row set of §7.3–§7.8. */
export interface TemplateProfile {
  term: string;
  title: string;
  /** `occi.compute.cores`. */
  cores: number;
  /** `occi.compute.memory`, GiB. */
  memory: number;
  /** `occi.compute.ephemeral_storage.size`, GiB. */
  ephemeralStorageSize: number;
  /** CRTP §4.2: R0306–R0308 (MUST offer) or R0309–R0311 (MAY offer). */
  requirement: 'R0306' | 'R0307' | 'R0308' | 'R0309' | 'R0310' | 'R0311';
  /** True for the templates of base conformance (unconditional requirements). */
  mandatory: boolean;
}

export const TEMPLATE_PROFILES: readonly TemplateProfile[] = [
  // §7.3 SMALL INSTANCE
  {
    term: 'small',
    title: 'A small Compute instance',
    cores: 1,
    memory: 1.0,
    ephemeralStorageSize: 10.0,
    requirement: 'R0306',
    mandatory: true,
  },
  // §7.4 MEDIUM INSTANCE
  {
    term: 'medium',
    title: 'A medium Compute instance',
    cores: 2,
    memory: 2.0,
    ephemeralStorageSize: 20.0,
    requirement: 'R0307',
    mandatory: true,
  },
  // §7.5 LARGE INSTANCE
  {
    term: 'large',
    title: 'A large Compute instance',
    cores: 4,
    memory: 4.0,
    ephemeralStorageSize: 40.0,
    requirement: 'R0308',
    mandatory: true,
  },
  // §7.6 MEM.SMALL INSTANCE
  {
    term: 'mem_small',
    title: 'A small Compute instance for memory-intensive applications',
    cores: 1,
    memory: 4.0,
    ephemeralStorageSize: 10.0,
    requirement: 'R0309',
    mandatory: false,
  },
  // §7.7 MEM.MEDIUM INSTANCE
  {
    term: 'mem_medium',
    title: 'A medium Compute instance for memory-intensive applications',
    cores: 2,
    memory: 8.0,
    ephemeralStorageSize: 20.0,
    requirement: 'R0310',
    mandatory: false,
  },
  // §7.8 MEM.LARGE INSTANCE
  {
    term: 'mem_large',
    title: 'A large Compute instance for memory-intensive applications',
    cores: 4,
    memory: 16.0,
    ephemeralStorageSize: 40.0,
    requirement: 'R0311',
    mandatory: false,
  },
];

/**
 * The attributes of one RESOURCE TEMPLATE: the Compute sizing attributes
 * with the profile's values as defaults (R0304, R0305), and the two
 * ephemeral storage attributes of §7.1 and §7.2.
 */
export function templateAttributes(profile: TemplateProfile): Record<string, AttributeSpec> {
  return {
    'occi.compute.cores': {
      type: 'number',
      mutable: true,
      required: false,
      pattern: { type: 'integer', minimum: 1 },
      default: profile.cores,
      description: 'Number of virtual CPU cores assigned to the instance.',
    },
    'occi.compute.memory': {
      type: 'number',
      mutable: true,
      required: false,
      pattern: { type: 'number', minimum: 0 },
      default: profile.memory,
      description: 'Maximum RAM in gigabytes allocated to the instance.',
    },
    // §7.1: multiplicity 1, immutable: the provider sets it from the template, so no client gives
    // it (Core §5.3.2: required means the client MUST give it at creation).
    [EPHEMERAL_STORAGE_SIZE]: {
      type: 'number',
      mutable: false,
      required: false,
      pattern: { type: 'number', minimum: 0 },
      default: profile.ephemeralStorageSize,
      description: 'Ephemeral storage provisioned for the associated Compute instance.',
    },
    // §7.2: multiplicity 1, mutable; the default stands when the client names no device (so not required).
    [EPHEMERAL_STORAGE_DEVICEID]: {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', minLength: 1 },
      default: DEFAULT_EPHEMERAL_DEVICEID,
      description: 'Device id under which the ephemeral storage is accessible from within the VM instance.',
    },
  };
}
