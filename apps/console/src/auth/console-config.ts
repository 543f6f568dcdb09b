/**
 * `/console/config.json`, which occi-server serves beside the console: the
 * ways of signing in it accepts (no secrets). Read once at start; a server
 * without it (an older one, a proxy) is taken as accepting a password or a
 * token.
 */
import { createContext, useContext } from 'react';

export interface ConsoleConfig {
  explorer?: string;
  auth: {
    anonymous: boolean;
    basic: boolean;
    apiToken: boolean;
    jwt: boolean;
    oidc?: { issuer: string; clientId: string };
  };
}

const FALLBACK: ConsoleConfig = { auth: { anonymous: false, basic: true, apiToken: true, jwt: false } };

export async function loadConsoleConfig(consoleUrl: string): Promise<ConsoleConfig> {
  try {
    const response = await fetch(new URL('config.json', consoleUrl), {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return FALLBACK;
    const body = (await response.json()) as Partial<ConsoleConfig>;
    if (!body || typeof body.auth !== 'object' || body.auth === null) return FALLBACK;
    return { ...FALLBACK, ...body, auth: { ...FALLBACK.auth, ...body.auth } };
  } catch {
    return FALLBACK;
  }
}

export const ConfigContext = createContext<ConsoleConfig>(FALLBACK);
export const useConsoleConfig = () => useContext(ConfigContext);
