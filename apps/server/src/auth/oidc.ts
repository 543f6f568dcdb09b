/**
 * OpenID Connect Discovery 1.0: the issuer's metadata
 * (`<issuer>/.well-known/openid-configuration`) names its key set
 * (`jwks_uri`), which `jose` fetches and caches, fetching it again when a
 * token names a key (`kid`) it does not hold (the provider rotated its
 * keys) — at most once per cool-down, so that tokens with made-up key ids
 * cannot make the server hammer the provider. Responses are bounded in
 * size and number of keys; the cache holds one key set at a time.
 */
import { OcciError } from '@occi/core';
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { isLoopbackUrl } from '../addresses.js';
import { ASYMMETRIC, type JwtKey } from './jwt.js';

export interface OidcOptions {
  /** Timeout of each request to the provider, in ms; default 5000. */
  timeoutMs?: number;
  /** Smallest interval between two fetches of the key set for an unknown `kid`, in ms; default 30 000. */
  cooldownMs?: number;
  /** How long a fetched key set is used before it is fetched again, in ms; default 600 000. */
  cacheMaxAgeMs?: number;
  /** Smallest interval between two discovery attempts after one failed, in ms; default 10 000. */
  retryMs?: number;
}

/** The largest metadata document or key set read, and the most keys a set may hold. */
const MAX_BYTES = 256 * 1024;
const MAX_KEYS = 100;

const unavailable = (message: string, cause?: unknown) =>
  new OcciError('unavailable', { code: 'other', message }, { cause });

/** Reads at most MAX_BYTES of a response body. */
async function boundedText(response: Response, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BYTES) throw new Error(`${what} is ${declared} bytes, more than ${MAX_BYTES}`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new Error(`${what} is larger than ${MAX_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Only https, except on loopback (a provider on the same machine, or tests). */
export function issuerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.search || parsed.hash) return `"${url}" must not have a query or fragment`;
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackUrl(parsed)) return undefined;
  return `"${url}" must be an https URL (http only on loopback)`;
}

/** OpenID Connect Discovery §4: the metadata, whose `issuer` must be the configured one (§4.3). */
async function discover(issuer: string, timeoutMs: number): Promise<URL> {
  const where = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let metadata: Record<string, unknown>;
  try {
    const response = await fetch(where, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const parsed: unknown = JSON.parse(await boundedText(response, 'the metadata'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('the metadata is not a JSON object');
    metadata = parsed as Record<string, unknown>;
  } catch (error) {
    throw unavailable(
      `cannot discover the OpenID provider ${issuer} at ${where}: ${(error as Error).message}`,
      error,
    );
  }
  if (metadata.issuer !== issuer)
    throw unavailable(
      `the OpenID provider at ${where} says its issuer is ${JSON.stringify(metadata.issuer)}, not ${issuer} (OpenID Connect Discovery §4.3)`,
    );
  const jwksUri = metadata.jwks_uri;
  const problem = typeof jwksUri === 'string' ? issuerUrlProblem(jwksUri) : 'it has none';
  if (problem) throw unavailable(`the OpenID provider's jwks_uri is unusable: ${problem}`);
  return new URL(jwksUri as string);
}

/** A fetch for `jose` that refuses oversized key sets and sets with too many keys. */
async function boundedFetch(url: string, options: RequestInit): Promise<Response> {
  const response = await fetch(url, options);
  if (response.status !== 200) return response;
  const text = await boundedText(response, 'the key set');
  const keys = (JSON.parse(text) as { keys?: unknown }).keys;
  if (Array.isArray(keys) && keys.length > MAX_KEYS)
    throw new Error(`the key set holds ${keys.length} keys, more than ${MAX_KEYS}`);
  return new Response(text, { status: 200, headers: response.headers });
}

/** The key set of an OpenID provider, discovered on first use (and at start), then fetched by `jose`. */
export interface OidcKeys extends JwtKey {
  readonly issuer: string;
  /** Discovers now; throws what went wrong (the server logs it and keeps trying on requests). */
  ready(): Promise<void>;
}

export function oidcKeys(issuer: string, options: OidcOptions = {}): OidcKeys {
  const timeoutMs = options.timeoutMs ?? 5000;
  const retryMs = options.retryMs ?? 10_000;
  let keySet: JWTVerifyGetKey | undefined;
  let pending: Promise<JWTVerifyGetKey> | undefined;
  let failed: { at: number; error: unknown } | undefined;

  function resolveKeySet(): Promise<JWTVerifyGetKey> {
    if (keySet) return Promise.resolve(keySet);
    if (failed && Date.now() - failed.at < retryMs) return Promise.reject(failed.error);
    pending ??= discover(issuer, timeoutMs)
      .then((jwksUri) => {
        keySet = createRemoteJWKSet(jwksUri, {
          timeoutDuration: timeoutMs,
          cooldownDuration: options.cooldownMs ?? 30_000,
          cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
          [customFetch]: boundedFetch as never,
        });
        failed = undefined;
        return keySet;
      })
      .catch((error: unknown) => {
        failed = { at: Date.now(), error };
        throw error;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  const key: JWTVerifyGetKey = async (header, token) => (await resolveKeySet())(header, token);
  return {
    kind: 'jwks',
    issuer,
    key,
    algorithms: ASYMMETRIC,
    async ready() {
      await resolveKeySet();
    },
  };
}
