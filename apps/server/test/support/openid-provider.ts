/**
 * A real OpenID provider (`oidc-provider`) on loopback for the tests: it
 * publishes its discovery document and key set, and issues JWT access
 * tokens (RFC 9068) to clients by the client-credentials grant. Its keys
 * can be rotated (a new provider behind the same address and issuer).
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

export const AUDIENCE = 'urn:occi';

/** A new EC P-256 signing key as a private JWK with its kid. */
export function signingKey(kid: string): JsonWebKey & { kid: string } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
}

const CLIENTS = ['alice', 'ops', 'eve'].map((id) => ({
  client_id: id,
  client_secret: `${id}-secret-0123456789abcdef0123456789abcdef`,
  grant_types: ['client_credentials'],
  redirect_uris: [],
  response_types: [],
  token_endpoint_auth_method: 'client_secret_basic',
  id_token_signed_response_alg: 'ES256',
}));

export interface OpenIdProvider {
  issuer: string;
  /** Requests the provider answered, by path (the key set's among them). */
  hits: Map<string, number>;
  /** An access token for one of the clients (`alice`, `ops` — in group occi-admins —, `eve`). */
  token(client: string, audience?: string): Promise<string>;
  /** Serves a provider with these keys from now on; the first one signs. */
  rotate(keys: JsonWebKey[]): void;
  /** While down, every request is answered 503. */
  down(down: boolean): void;
  close(): Promise<void>;
}

export async function startOpenIdProvider(keys: JsonWebKey[], ttlSeconds = 300): Promise<OpenIdProvider> {
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_q, s) => s.end();
  const hits = new Map<string, number>();
  let isDown = false;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (isDown) response.writeHead(503).end();
    else handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const make = (jwks: JsonWebKey[]) =>
    new Provider(issuer, {
      clients: CLIENTS,
      jwks: { keys: jwks },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => AUDIENCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: 'occi',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ttlSeconds,
            jwt: { sign: { alg: 'ES256' } },
          }),
        },
      },
      extraTokenClaims: (_ctx: unknown, token: { clientId?: string }) =>
        token.clientId === 'ops' ? { groups: ['occi-admins'] } : undefined,
    }).callback();
  handler = make(keys);
  return {
    issuer,
    hits,
    async token(client, audience = AUDIENCE) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client}:${client}-secret-0123456789abcdef0123456789abcdef`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'occi', resource: audience }),
      });
      const body = (await response.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) throw new Error(`no token for ${client}: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    rotate(next) {
      handler = make(next);
    },
    down(flag) {
      isDown = flag;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
