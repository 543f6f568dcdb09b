/** The README's example, as written there. */
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { COMPUTE_KIND, infrastructure } from '@occi/infrastructure';
import { expect, it } from 'vitest';
import { crtp, LARGE_TEMPLATE, SMALL_TEMPLATE } from '../src/index.js';

it('runs the README example', async () => {
  const model = Model.create([infrastructure, crtp]);
  expect(model.serverTokens()).toEqual(['OCCI-CRTP-EP/1.1']);
  const provider = createReferenceProvider({ model, store: new MemoryStore() });
  const alice = { user: 'alice' };
  const vm = await provider.create(alice, { kind: COMPUTE_KIND, mixins: [SMALL_TEMPLATE] });
  expect(vm.attributes).toEqual({
    'occi.compute.cores': 1,
    'occi.compute.memory': 1,
    'occi.compute.state': 'inactive',
    'occi.compute.ephemeral_storage.size': 10,
    'occi.compute.ephemeral_storage.deviceid': '/dev/vdb',
  });
  const resized = await provider.update(alice, vm.location!, { mixins: [LARGE_TEMPLATE] });
  expect(resized.mixins).toEqual([LARGE_TEMPLATE]);
  expect(resized.attributes['occi.compute.cores']).toBe(4);
});
