import { constants, createHmac, type KeyObject, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ScryptParams } from '../../src/auth/index.js';

/** Cheap scrypt settings so tests do not spend a quarter of a second per hash. */
export const FAST: ScryptParams = { N: 1024, r: 8, p: 1 };

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temporary directory, removed after the test. */
export async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'occi-auth-'));
  directories.push(directory);
  return directory;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a compact JWS the way an issuer would. */
export function signJwt(
  payload: Record<string, unknown>,
  alg: string,
  key: KeyObject | Buffer | null,
  extraHeader: Record<string, unknown> = {},
): string {
  const input = `${b64url({ alg, typ: 'JWT', ...extraHeader })}.${b64url(payload)}`;
  const data = Buffer.from(input);
  const hash = `sha${alg.slice(2)}`;
  let signature: Buffer;
  if (alg === 'none') signature = Buffer.alloc(0);
  else if (alg.startsWith('HS'))
    signature = createHmac(hash, key as Buffer)
      .update(data)
      .digest();
  else if (alg === 'EdDSA') signature = sign(null, data, key as KeyObject);
  else if (alg.startsWith('ES'))
    signature = sign(hash, data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  else if (alg.startsWith('PS')) {
    signature = sign(hash, data, {
      key: key as KeyObject,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
  } else signature = sign(hash, data, key as KeyObject);
  return `${input}.${signature.toString('base64url')}`;
}

export const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
