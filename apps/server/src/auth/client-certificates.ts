/**
 * X.509 client certificates (HTTP §10: authentication by the transport):
 * the subject's distinguished name in the form of RFC 4514 (what
 * `openssl x509 -noout -subject -nameopt RFC2253` prints, most specific
 * RDN first, e.g. `CN=alice,O=Example,C=DE`), compared after normalising
 * (attribute types upper-cased, escapes decoded, spaces around separators
 * dropped, the members of a multi-valued RDN sorted), and the user it
 * maps to: the users file's `certificates` table, or with the `cn` rule
 * the subject's common name when the table has no entry.
 */
import type { X509Certificate } from 'node:crypto';

/** Characters RFC 4514 §2.4 escapes anywhere in a value. */
const SPECIAL = new Set([',', '+', '"', '\\', '<', '>', ';', '=']);

/** Splits at unescaped `separator`, keeping escapes for the value parser. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i]!;
      continue;
    }
    if (c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Decodes an RFC 4514 value: `\` + special character, or `\` + two hex digits (UTF-8 bytes). */
function decodeValue(raw: string): string | undefined {
  // Unescaped spaces at either end are not part of the value; an escaped one is.
  let start = 0;
  let end = raw.length;
  while (start < end && raw[start] === ' ') start++;
  while (end > start && raw[end - 1] === ' ' && raw[end - 2] !== '\\') end--;
  const text = raw.slice(start, end);
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (SPECIAL.has(next) || next === ' ' || next === '#') {
      bytes.push(next.charCodeAt(0));
      i += 1;
    } else return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes));
  } catch {
    return undefined;
  }
}

function encodeValue(value: string): string {
  let out = '';
  for (const [i, c] of [...value].entries()) {
    if (SPECIAL.has(c) || (i === 0 && (c === '#' || c === ' '))) out += `\\${c}`;
    else if (c.charCodeAt(0) < 0x20) out += `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return out.endsWith(' ') ? `${out.slice(0, -1)}\\ ` : out;
}

/**
 * The normalised form of an RFC 4514 distinguished name, or a message
 * saying why `dn` is not one.
 */
export function normalizeDn(dn: string): { dn: string } | { problem: string } {
  if (dn.trim() === '') return { problem: 'a distinguished name cannot be empty' };
  const rdns: string[] = [];
  for (const rdn of splitUnescaped(dn, ',')) {
    const members: string[] = [];
    for (const member of splitUnescaped(rdn, '+')) {
      const eq = member.indexOf('=');
      if (eq < 0) return { problem: `"${member.trim()}" is not type=value` };
      const type = member.slice(0, eq).trim().toUpperCase();
      if (!/^([A-Z][A-Z0-9-]*|[0-9]+(\.[0-9]+)+)$/.test(type))
        return { problem: `"${member.slice(0, eq).trim()}" is not an attribute type` };
      const value = decodeValue(member.slice(eq + 1));
      if (value === undefined) return { problem: `the value of ${type} has a bad escape` };
      members.push(`${type}=${encodeValue(value)}`);
    }
    rdns.push(members.sort().join('+'));
  }
  return { dn: rdns.join(',') };
}

/** The subject of a certificate as a normalised RFC 4514 DN (Node lists RDNs one a line, least specific first). */
export function subjectDn(certificate: Pick<X509Certificate, 'subject'>): string {
  const lines = certificate.subject.split('\n').filter((line) => line !== '');
  const normalized = normalizeDn(lines.reverse().join(','));
  return 'dn' in normalized ? normalized.dn : certificate.subject;
}

/** The value of the subject's (most specific) common name, if it has one. */
export function commonName(dn: string): string | undefined {
  for (const rdn of splitUnescaped(dn, ','))
    for (const member of splitUnescaped(rdn, '+')) {
      const eq = member.indexOf('=');
      if (member.slice(0, eq).trim().toUpperCase() === 'CN') return decodeValue(member.slice(eq + 1));
    }
  return undefined;
}

/** How a verified certificate's subject maps to a user when the table has no entry for it. */
export type CertificateUserRule = 'table' | 'cn';

/** What the TLS layer says of the client's certificate (none, unverified, or verified with its subject). */
export type ClientCertificate =
  | { presented: false }
  | { presented: true; verified: false; reason: string }
  | { presented: true; verified: true; subject: string };

/** What a TLS socket holds (node:tls `TLSSocket`), read without depending on its type. */
interface TlsSocketLike {
  encrypted?: boolean;
  authorized?: boolean;
  authorizationError?: Error | string | null;
  getPeerX509Certificate?: () => X509Certificate | undefined;
}

/** The client certificate of a connection, as the TLS handshake verified it against the configured CA. */
export function clientCertificateOf(socket: unknown): ClientCertificate {
  const tls = socket as TlsSocketLike | undefined;
  if (!tls?.encrypted || typeof tls.getPeerX509Certificate !== 'function') return { presented: false };
  const certificate = tls.getPeerX509Certificate();
  if (!certificate) return { presented: false };
  if (!tls.authorized)
    return { presented: true, verified: false, reason: String(tls.authorizationError ?? 'not verified') };
  return { presented: true, verified: true, subject: subjectDn(certificate) };
}
