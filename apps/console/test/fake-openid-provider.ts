/**
 * A small OpenID provider on loopback for the console's sign-in test: its
 * discovery document, its key set, an authorization endpoint that signs
 * "alice" in at once (no login page) and a token endpoint that checks the
 * PKCE verifier against the challenge (RFC 7636 §4.6) before it issues an
 * ES256 JWT access token (RFC 9068) for the client. What the console sent
 * is kept for the test to look at.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';

export interface FakeProvider {
  issuer: string;
  /** The authorization requests, as their query parameters. */
  authorizations: URLSearchParams[];
  /** The token requests, as their form parameters, and whether the verifier matched. */
  tokens: { form: URLSearchParams; pkceOk: boolean }[];
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeProvider(clientId: string, subject = 'alice'): Promise<FakeProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const authorizations: URLSearchParams[] = [];
  const tokens: FakeProvider['tokens'] = [];
  let issuer = '';

  const accessToken = () => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' }));
    const payload = b64url(
      JSON.stringify({
        iss: issuer,
        sub: subject,
        aud: clientId,
        client_id: clientId,
        iat: now,
        exp: now + 300,
        jti: randomBytes(8).toString('hex'),
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${header}.${payload}.${b64url(signature)}`;
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    // The console calls the discovery document and the token endpoint from its own origin.
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', 'content-type, accept');
    const json = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'OPTIONS') return response.writeHead(204).end();
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      authorizations.push(url.searchParams);
      const q = url.searchParams;
      if (
        q.get('client_id') !== clientId ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge')
      )
        return json(400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '' });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      return response.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      const form = new URLSearchParams(await bodyOf(request));
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const pkceOk =
        issued !== undefined && b64url(createHash('sha256').update(verifier).digest()) === issued.challenge;
      tokens.push({ form, pkceOk });
      if (
        !issued ||
        !pkceOk ||
        form.get('redirect_uri') !== issued.redirectUri ||
        form.get('client_id') !== clientId
      )
        return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: accessToken(), token_type: 'Bearer', expires_in: 300 });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    issuer,
    authorizations,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
