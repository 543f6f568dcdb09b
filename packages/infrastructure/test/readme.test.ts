/** The README's example, as written there. */
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { expect, it } from 'vitest';
import {
  COMPUTE_KIND,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  infrastructure,
  osTemplateCatalogue,
  osTemplates,
} from '../src/index.js';

it('runs the README example', async () => {
  const model = Model.create([infrastructure, osTemplates]);
  const provider = createReferenceProvider({ model, store: new MemoryStore() });
  const alice = { user: 'alice' };
  const vm = await provider.create(alice, {
    kind: COMPUTE_KIND,
    mixins: ['http://occi.example/os_tpl#debian-12'],
    attributes: { 'occi.compute.cores': 2, 'occi.compute.memory': 4 },
  });
  expect(vm.attributes['occi.compute.state']).toBe('inactive');
  await provider.invoke(alice, { location: vm.location! }, { action: COMPUTE_START_ACTION, attributes: {} });
  const saved = await provider.invoke(
    alice,
    { location: vm.location! },
    { action: COMPUTE_SAVE_ACTION, attributes: { name: 'golden', method: 'hot' } },
  );
  expect(saved.categories[0]).toMatchObject({
    scheme: 'http://occi.example/os_tpl#',
    term: 'golden',
    location: '/os_tpl/golden/',
  });

  const catalogue = osTemplateCatalogue([{ term: 'rocky-9', title: 'Rocky Linux 9' }], {
    scheme: 'https://cloud.example.org/os#',
    locationBase: '/os_tpl/',
  });
  expect(
    Model.create([infrastructure, catalogue]).mixin('https://cloud.example.org/os#rocky-9')?.location,
  ).toBe('/os_tpl/rocky-9/');
});
