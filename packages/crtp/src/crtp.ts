/** The OCCI Compute Resource Templates Profile 1.1 (GWD-R-P.222) as an extension of @occi/infrastructure. */
import type { Extension } from '@occi/core';
import { conformanceClaim } from './conformance-claim.js';
import { resourceTemplates } from './resource-templates.js';

/** Options for building the profile's extension. */
export interface CrtpOptions {
  /**
   * Offer the three MAY templates (mem_small, mem_medium, mem_large,
   * R0309–R0311) and claim extended conformance; default true.
   */
  extended?: boolean;
}

/** The profile's extension: all six templates, or only the three mandatory ones. */
export function createCrtp(options: CrtpOptions = {}): Extension {
  const extended = options.extended ?? true;
  return {
    name: 'crtp',
    version: '1.1',
    specification: 'GWD-R-P.222',
    mixins: extended ? resourceTemplates : resourceTemplates.slice(0, 3),
    // R0302 (at most one profile template per compute) and R0305 (the template's
    // values populate the compute) follow from the resource_tpl template family
    // of @occi/infrastructure: exclusive, overriding.
    serverTokens: conformanceClaim,
  };
}

/** All six templates; claims `OCCI-CRTP-EP/1.1`. */
export const crtp: Extension = createCrtp();
