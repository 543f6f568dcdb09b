/** Versioning (HTTP §5.3): the Server header and the client's version in User-Agent. */

export const OCCI_VERSION = 'OCCI/1.2';

/** The OCCI version a User-Agent announces, e.g. `[1, 2]` for `... OCCI/1.2`. */
export function announcedVersion(userAgent: string | undefined): [number, number] | undefined {
  const m = userAgent?.match(/\bOCCI\/(\d+)\.(\d+)\b/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** True when the client asks for a version above 1.2: the server MUST answer 501 (HTTP §5.3). */
export function isHigherVersion(userAgent: string | undefined): boolean {
  const v = announcedVersion(userAgent);
  return v !== undefined && (v[0] > 1 || (v[0] === 1 && v[1] > 2));
}
