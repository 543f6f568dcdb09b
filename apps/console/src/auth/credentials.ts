/**
 * Credentials of the signed-in user and where they are kept: in
 * sessionStorage (gone when the tab closes) unless the user ticked
 * "remember me", then in localStorage. Nothing is written anywhere before
 * a sign-in succeeds.
 */
import type { Credentials } from '@occi/http/client';

const KEY = 'occi-console.credentials';

export interface SavedCredentials {
  credentials: Credentials;
  /** How the user signed in, shown in the header. */
  label: string;
}

function storages(): Storage[] {
  const found: Storage[] = [];
  try {
    found.push(window.sessionStorage, window.localStorage);
  } catch {
    // Storage disabled (privacy settings): credentials stay in memory only.
  }
  return found;
}

function isCredentials(value: unknown): value is Credentials {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    (v.type === 'basic' && typeof v.user === 'string' && typeof v.password === 'string') ||
    (v.type === 'bearer' && typeof v.token === 'string')
  );
}

export function loadCredentials(): SavedCredentials | undefined {
  for (const storage of storages()) {
    const raw = storage.getItem(KEY);
    if (raw === null) continue;
    try {
      const parsed = JSON.parse(raw) as { credentials?: unknown; label?: unknown };
      if (isCredentials(parsed.credentials) && typeof parsed.label === 'string')
        return { credentials: parsed.credentials, label: parsed.label };
    } catch {
      // A value this console did not write: ignored and overwritten at the next sign-in.
    }
  }
  return undefined;
}

export function saveCredentials(saved: SavedCredentials, remember: boolean): void {
  clearCredentials();
  const [session, local] = storages();
  const storage = remember ? local : session;
  storage?.setItem(KEY, JSON.stringify(saved));
}

export function clearCredentials(): void {
  for (const storage of storages()) storage.removeItem(KEY);
}
