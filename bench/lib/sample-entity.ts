/**
 * A compute as the server returns it: created through the reference
 * provider with the server's extensions, with two network interfaces and a
 * storage link, so that renderings work on links, mixins and actions too.
 */

import { parseConfig } from '../../apps/server/src/config.js';
import { loadExtensions } from '../../apps/server/src/registry.js';
import type { Entity } from '../../packages/core/src/index.js';
import { createReferenceProvider, MemoryStore, Model } from '../../packages/core/src/index.js';
import { computeDraft, INFRA } from './fixtures.js';

export async function sampleCompute(): Promise<{ model: Model; entity: Entity }> {
  const model = Model.create(loadExtensions(parseConfig({ argv: [], env: {} })));
  const provider = createReferenceProvider({ model, store: new MemoryStore() });
  const caller = { user: 'anonymous' };
  const compute = await provider.create(caller, computeDraft(1));
  for (const n of [1, 2]) {
    const network = await provider.create(caller, {
      kind: `${INFRA}network`,
      attributes: { 'occi.network.vlan': n },
    });
    await provider.create(caller, {
      kind: `${INFRA}networkinterface`,
      source: { location: compute.location! },
      target: { location: network.location! },
      title: `nic ${n}`,
    });
  }
  const storage = await provider.create(caller, {
    kind: `${INFRA}storage`,
    attributes: { 'occi.storage.size': 20 },
  });
  await provider.create(caller, {
    kind: `${INFRA}storagelink`,
    source: { location: compute.location! },
    target: { location: storage.location! },
    attributes: { 'occi.storagelink.deviceid': 'ide:0:0' },
  });
  return { model, entity: await provider.get(caller, compute.location!) };
}
