/**
 * The session: who is signed in, the `OcciClient` that speaks for them, and
 * the model discovered with it (HTTP §7.1). Every page reads the model from
 * here, so the whole console follows whatever the server's discovery lists.
 */
import type { Model } from '@occi/core';
import type { Credentials, OcciClient } from '@occi/http/client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  clearCredentials,
  loadCredentials,
  type SavedCredentials,
  saveCredentials,
} from '../auth/credentials.js';
import { markMoved } from '../routes.js';
import { createClient, type Discovery, discover } from './client.js';
import { endpointOf } from './endpoint.js';

export interface Session {
  client: OcciClient;
  discovery: Discovery;
  /** Who is signed in (undefined: nobody, the server allows anonymous access or asks for a sign-in). */
  user: string | undefined;
  /** Tries credentials; keeps them (sessionStorage, or localStorage when remembered) if the server accepts them. Returns the refusal, if any. */
  signIn(credentials: Credentials, label: string, remember: boolean): Promise<string | undefined>;
  signOut(): void;
  /** Discovers the model again (after a user mixin was defined or removed). */
  refresh(): Promise<Model | undefined>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The model, for pages shown only once discovery worked. */
export function useModel(): Model {
  const { discovery } = useSession();
  if (discovery.state !== 'ready') throw new Error('useModel before discovery');
  return discovery.model;
}

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: SavedCredentials }) {
  const endpoint = useMemo(() => endpointOf(window.location.href), []);
  const [saved, setSaved] = useState<SavedCredentials | undefined>(() => initial ?? loadCredentials());
  const client = useMemo(() => createClient(endpoint, saved?.credentials), [endpoint, saved]);
  const [discovery, setDiscovery] = useState<Discovery>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    setDiscovery({ state: 'loading' });
    discover(client).then((d) => {
      if (live) setDiscovery(d);
    });
    return () => {
      live = false;
    };
  }, [client]);

  const signIn = useCallback(
    async (credentials: Credentials, label: string, remember: boolean) => {
      const candidate = createClient(endpoint, credentials);
      const tried = await discover(candidate);
      if (tried.state === 'unauthorized' || tried.state === 'failed') return tried.message;
      if (tried.state !== 'ready') return 'the server did not answer';
      const next = { credentials, label };
      saveCredentials(next, remember);
      markMoved();
      setSaved(next);
      return undefined;
    },
    [endpoint],
  );

  const signOut = useCallback(() => {
    clearCredentials();
    markMoved();
    setSaved(undefined);
  }, []);

  const refresh = useCallback(async () => {
    const d = await discover(client, true);
    setDiscovery(d);
    return d.state === 'ready' ? d.model : undefined;
  }, [client]);

  const session = useMemo<Session>(
    () => ({ client, discovery, user: saved?.label, signIn, signOut, refresh }),
    [client, discovery, saved, signIn, signOut, refresh],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
