/**
 * What the tests of the reference provider share, one file per concern of
 * src/reference/: the callers, the model of the test extensions, a new store
 * and provider for each test, and helpers to create entities and catch errors.
 */
import { beforeEach } from 'vitest';
import {
  type Caller,
  createReferenceProvider,
  type Entity,
  type EntityDraft,
  isOcciError,
  MemoryStore,
  Model,
  type OcciError,
  type ReferenceProvider,
} from '../../src/index.js';
import { MACHINE, WIRE } from '../fixtures/example-extension.js';
import { failingExample, labExtension } from '../fixtures/lab-extension.js';

export {
  BOOT,
  EX,
  exampleExtension,
  HALT,
  LARGE,
  MACHINE,
  SIZE_TPL,
  SMALL,
  TAG,
  WIRE,
} from '../fixtures/example-extension.js';
export { BOX, CRASH, GPU, MACHINE_ONLY, SNAP_TPL, SNAPSHOT } from '../fixtures/lab-extension.js';

export const alice: Caller = { user: 'alice' };
export const bob: Caller = { user: 'bob' };
export const admin: Caller = { user: 'root', admin: true };
export const model = Model.create([failingExample, labExtension]);

/** The store and provider of the running test (see `useFreshProvider`). */
export let store: MemoryStore;
export let p: ReferenceProvider;

/** Gives each test of the calling file a new store and a provider over it. */
export function useFreshProvider(): void {
  beforeEach(() => {
    store = new MemoryStore();
    p = createReferenceProvider({ model, store });
  });
}

export async function rejection(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (!isOcciError(error)) throw new Error(`expected an OcciError, got ${String(error)}`);
    return error;
  }
  throw new Error('expected the promise to reject');
}

export const machine = (name: string, more: EntityDraft = {}, caller = alice) =>
  p.create(caller, { kind: MACHINE, ...more, attributes: { 'com.example.name': name, ...more.attributes } });
export const wire = (from: Entity, to: Entity | string, caller = alice) =>
  p.create(caller, {
    kind: WIRE,
    source: { location: from.location! },
    target: { location: typeof to === 'string' ? to : to.location! },
    attributes: {},
  });
