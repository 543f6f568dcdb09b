/**
 * What the console's bundle gets for `node:crypto` (vite.config.ts):
 * @occi/core's reference provider imports `randomUUID` from it, and the
 * console loads @occi/core for its model and validation only. The web's
 * crypto has the same function.
 */
export const randomUUID = (): string => globalThis.crypto.randomUUID();

export function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}
