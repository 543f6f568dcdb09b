/** What the authenticator tests share: a users file, a settable clock, refusals. */
import { join } from 'node:path';
import { type Caller, OcciError } from '@occi/core';
import { expect } from 'vitest';
import { hashPassword, type UsersFile, writeUsersFile } from '../../src/auth/index.js';
import { FAST, temporaryDirectory } from './support.js';

/** A users file with alice and the admin root (cheap hashes), plus `extra`. */
export async function usersFile(
  extra: Partial<UsersFile['users']> = {},
): Promise<{ path: string; file: UsersFile }> {
  const path = join(await temporaryDirectory(), 'users.json');
  const file: UsersFile = {
    version: 1,
    users: {
      alice: { password: await hashPassword('alice-password', FAST), admin: false, tokens: [] },
      root: { password: await hashPassword('root-password', FAST), admin: true, tokens: [] },
      ...(extra as UsersFile['users']),
    },
  };
  await writeUsersFile(path, file);
  return { path, file };
}

/** A settable clock. */
export function clock(start = Date.parse('2026-11-29T12:00:00Z')) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** The message of the 401 a promise is refused with. */
export async function refusal(promise: Promise<Caller>): Promise<string> {
  const error = await promise.then(
    (caller) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(caller)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcciError);
  expect((error as OcciError).kind).toBe('unauthorized');
  return (error as OcciError).message;
}

/** What the authenticator reads of a request with this Authorization header. */
export const request = (authorization?: string | string[]) => ({ headers: { authorization } });
