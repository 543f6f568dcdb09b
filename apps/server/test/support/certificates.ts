/** X.509 certificates for the tests, made with the openssl command (EC P-256, one day). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Issued {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

function read(dir: string, name: string): Issued {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

/** A self-signed CA. */
export function makeCa(dir: string, name: string): Issued {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ],
    dir,
  );
  return read(dir, name);
}

/**
 * A certificate `ca` signed: for a server (its name and 127.0.0.1 as
 * subject alternative names) or for a client (`subject` as openssl -subj).
 */
export function issue(dir: string, ca: Issued, name: string, subject: string, server = false): Issued {
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-utf8',
      '-subj',
      subject,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    ],
    dir,
  );
  const ext = join(dir, `${name}.ext`);
  execFileSync('sh', [
    '-c',
    `printf '%s\\n' "${server ? 'subjectAltName=DNS:localhost,IP:127.0.0.1' : 'extendedKeyUsage=clientAuth'}" > '${ext}'`,
  ]);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      ext,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  return read(dir, name);
}

/** The subject as `openssl x509 -subject -nameopt RFC2253` prints it (what an operator copies into the table). */
export function rfc2253Subject(certFile: string): string {
  return execFileSync(
    'openssl',
    ['x509', '-in', certFile, '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'],
    {
      encoding: 'utf8',
    },
  )
    .trim()
    .replace(/^subject=/, '');
}
