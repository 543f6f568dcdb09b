/**
 * Profile identification (CRTP §2.1, §2.2, §3.2): namespace, scheme and
 * conformance claim tokens of the OCCI Compute Resource Templates Profile 1.1.
 */

/** CRTP §2.1: the default namespace of the Profile. */
export const CRTP_NAMESPACE = 'http://schemas.ogf.org/occi/infrastructure/compute/template/1.1';
/**
 * CRTP §2.1: "the scheme common to all provisions defined in the Profile".
 * The tables of §7 print other schemes; the declared one is used for all
 * six templates (spec README erratum 7).
 */
export const CRTP_SCHEME = `${CRTP_NAMESPACE}#`;
/** CRTP §2.2, §3.2: the claim version. */
export const CRTP_VERSION = '1.1';
/** CRTP §3.2: the claim token of base conformance. */
export const CRTP_BASE_TOKEN = 'OCCI-CRTP';
/** CRTP §3.2: the claim token of extended conformance. */
export const CRTP_EXTENDED_TOKEN = 'OCCI-CRTP-EP';
