/**
 * `GET /console/config.json`: what the console needs to know before it
 * signs in — which ways of proving who one is this server accepts. It is
 * derived from the server's options and holds nothing secret (no keys, no
 * users, no client secret: the console is a public OpenID client).
 */
import type { ServerConfig } from '../options.js';

/** The body of `/console/config.json` (the console reads it at start). */
export interface ConsoleConfig {
  /** The server's version (`occi-server/<version>` in its Server header). */
  version: string;
  /** The OpenAPI description of this server's HTTP interface (same origin). */
  openapi: string;
  /** The API explorer (Swagger UI over `openapi`). */
  explorer: string;
  auth: {
    /** No authentication is configured: every request is served as the user `anonymous`. */
    anonymous: boolean;
    /** HTTP Basic with a user and password of the users file (`--users-file`). */
    basic: boolean;
    /** `Authorization: Bearer occi_…` with an API token of the users file (`occi-server users token`). */
    apiToken: boolean;
    /** `Authorization: Bearer <JWT>` with a token from elsewhere (`--jwt-key` or `--oidc-issuer`), pasted. */
    jwt: boolean;
    /**
     * Sign in at the OpenID provider: authorization code flow with PKCE,
     * the console as a public client (`--console-oidc-client-id`, else
     * `--jwt-audience` unless it is `*`); absent when there is no issuer or
     * no client id.
     */
    oidc?: { issuer: string; clientId: string };
    /** TLS client certificates (`--tls-client-ca`): the browser presents one, the console does nothing. */
    clientCertificate: boolean;
  };
}

/** The OpenID client id the console signs in with, if any. */
export function consoleClientId(config: ServerConfig): string | undefined {
  if (config.oidcIssuer === undefined) return undefined;
  if (config.consoleOidcClientId !== undefined) return config.consoleOidcClientId;
  return config.jwtAudience !== undefined && config.jwtAudience !== '*' ? config.jwtAudience : undefined;
}

export function consoleConfig(config: ServerConfig, version: string): ConsoleConfig {
  const users = config.usersFile !== undefined;
  const jwt = config.jwtKey !== undefined || config.oidcIssuer !== undefined;
  const certificates = config.tlsClientCa !== undefined;
  const clientId = consoleClientId(config);
  return {
    version,
    openapi: '/openapi.json',
    explorer: '/console/explorer/',
    auth: {
      anonymous: !users && !jwt && !certificates,
      basic: users,
      apiToken: users,
      jwt,
      ...(config.oidcIssuer !== undefined && clientId !== undefined
        ? { oidc: { issuer: config.oidcIssuer, clientId } }
        : {}),
      clientCertificate: certificates,
    },
  };
}
