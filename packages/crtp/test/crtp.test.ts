import { checkAttributeValue, createReferenceProvider, MemoryStore, Model, type OcciError } from '@occi/core';
import { COMPUTE_KIND, infrastructure, osTemplates, RESOURCE_TPL } from '@occi/infrastructure';
import { describe, expect, it } from 'vitest';
import {
  ALL_TEMPLATES,
  BASE_TEMPLATES,
  CRTP_SCHEME,
  conformanceClaim,
  createCrtp,
  crtp,
  EPHEMERAL_STORAGE_DEVICEID,
  EPHEMERAL_STORAGE_SIZE,
  LARGE_TEMPLATE,
  MEDIUM_TEMPLATE,
  MEM_LARGE_TEMPLATE,
  SMALL_TEMPLATE,
} from '../src/index.js';
import { EPHEMERAL_ATTRIBUTES, PRINTED_TABLES, RELATED } from './fixtures/profile-tables.js';

const model = Model.create([infrastructure, crtp]);
const alice = { user: 'alice' };

async function rejection(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    return error as OcciError;
  }
  throw new Error('expected a rejection');
}

describe('loading', () => {
  it('loads on top of @occi/infrastructure, and not without it (R0303)', () => {
    expect(Model.create([infrastructure, osTemplates, crtp]).mixins()).toHaveLength(6 + 3 + 6);
    expect(() => Model.create([crtp])).toThrow(/resource_tpl" is not a known mixin/);
  });

  it('claims GWD-R-P.222 so that it may use the schemas.ogf.org scheme and occi. names', () => {
    expect(crtp.specification).toBe('GWD-R-P.222');
    expect(crtp.name).toBe('crtp');
    expect(() => Model.create([infrastructure, { ...crtp, specification: undefined }])).toThrow(/reserved/);
  });
});

describe('§7.3–§7.8: the six RESOURCE TEMPLATEs', () => {
  it('uses the declared 1.1 scheme for all six (§2.1, erratum 7)', () => {
    expect(CRTP_SCHEME).toBe('http://schemas.ogf.org/occi/infrastructure/compute/template/1.1#');
    expect(ALL_TEMPLATES).toEqual(PRINTED_TABLES.map((t) => CRTP_SCHEME + t.term));
    // What the tables print instead, for the record.
    expect(new Set(PRINTED_TABLES.map((t) => t.scheme)).has(CRTP_SCHEME)).toBe(false);
  });

  it.each(PRINTED_TABLES)('§$section $term: title, related, actions and values', (table) => {
    const mixin = model.mixin(CRTP_SCHEME + table.term)!;
    expect(mixin).toBeDefined();
    expect(mixin.title).toBe(table.title);
    expect(mixin.depends).toEqual(RELATED);
    expect(mixin.applies).toEqual([COMPUTE_KIND]);
    expect(mixin.actions).toEqual([]);
    expect(mixin.location).toBe(`/resource_tpl/${table.term}/`);
    expect(model.templateFamily(CRTP_SCHEME + table.term)?.mixin).toBe(RESOURCE_TPL);
    const defaults = Object.fromEntries([...mixin.attributes.values()].map((a) => [a.name, a.default]));
    expect(defaults).toEqual({
      'occi.compute.cores': table.cores,
      'occi.compute.memory': table.memory,
      [EPHEMERAL_STORAGE_SIZE]: table.ephemeral,
      [EPHEMERAL_STORAGE_DEVICEID]: '/dev/vdb',
    });
  });

  it.each(EPHEMERAL_ATTRIBUTES)('§7.1/§7.2 $name: $type, multiplicity $multiplicity, $mutability', (row) => {
    for (const id of ALL_TEMPLATES) {
      const a = model.mixin(id)!.attributes.get(row.name)!;
      expect(a.type).toBe(row.type === 'Float' ? 'number' : 'string');
      // Multiplicity 1, yet neither is the client's to give: the provider sets the size, the device id has a default.
      expect(row.multiplicity).toBe('1');
      expect(a.required).toBe(false);
      expect(a.mutable).toBe(row.mutability === 'Mutable');
      expect(a.description).toBe(row.description);
    }
  });

  it('R0304: the attributes of an entity with a template size it completely', () => {
    const attributes = model.attributes(COMPUTE_KIND, [SMALL_TEMPLATE]);
    for (const name of [
      'occi.compute.cores',
      'occi.compute.memory',
      EPHEMERAL_STORAGE_SIZE,
      EPHEMERAL_STORAGE_DEVICEID,
    ])
      expect(attributes.get(name)?.default).toBeDefined();
    // The kind's definitions stay in force: cores is still an integer of at least 1.
    expect(checkAttributeValue(attributes.get('occi.compute.cores')!, 1.5)).toMatch(/integer/);
    expect(attributes.get('occi.compute.cores')?.mutable).toBe(true);
  });

  it('R0306–R0311: BASE_TEMPLATES are the MUSTs, ALL_TEMPLATES adds the MAYs', () => {
    expect(BASE_TEMPLATES).toEqual([SMALL_TEMPLATE, MEDIUM_TEMPLATE, LARGE_TEMPLATE]);
    expect(ALL_TEMPLATES).toHaveLength(6);
    expect(createCrtp({ extended: false }).mixins?.map((m) => m.term)).toEqual(['small', 'medium', 'large']);
  });
});

describe('§3.2, §5.1: conformance claim', () => {
  it('claims OCCI-CRTP-EP/1.1 with all six templates (R0404, R0405)', () => {
    expect(model.serverTokens()).toEqual(['OCCI-CRTP-EP/1.1']);
    expect(crtp.serverTokens?.(model)).toEqual(['OCCI-CRTP-EP/1.1']);
  });

  it('claims OCCI-CRTP/1.1 with only small, medium and large (R0403)', () => {
    const base = Model.create([infrastructure, createCrtp({ extended: false })]);
    expect(base.serverTokens()).toEqual(['OCCI-CRTP/1.1']);
  });

  it('claims nothing when the mandatory templates are missing', () => {
    expect(conformanceClaim(Model.create([infrastructure]))).toEqual([]);
  });

  it('renders token/version (R0402)', () => {
    for (const token of [
      ...model.serverTokens(),
      ...conformanceClaim(Model.create([infrastructure, createCrtp({ extended: false })])),
    ])
      expect(token).toMatch(/^OCCI-CRTP(-EP)?\/1\.1$/);
  });
});

describe('through the reference provider', () => {
  const setup = () => createReferenceProvider({ model, store: new MemoryStore() });

  it('R0305: a template at creation populates the sizing attributes, over the client’s values', async () => {
    const vm = await setup().create(alice, {
      kind: COMPUTE_KIND,
      mixins: [SMALL_TEMPLATE],
      attributes: { 'occi.compute.cores': 8 },
    });
    expect(vm.attributes).toEqual({
      'occi.compute.cores': 1,
      'occi.compute.memory': 1,
      'occi.compute.state': 'inactive',
      [EPHEMERAL_STORAGE_SIZE]: 10,
      [EPHEMERAL_STORAGE_DEVICEID]: '/dev/vdb',
    });
  });

  it('R0305: a template applied later resizes the compute; R0302: it replaces the old one', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND, mixins: [SMALL_TEMPLATE] });
    const large = await p.update(alice, vm.location!, { mixins: [LARGE_TEMPLATE] });
    expect(large.mixins).toEqual([LARGE_TEMPLATE]);
    expect(large.attributes['occi.compute.cores']).toBe(4);
    expect(large.attributes['occi.compute.memory']).toBe(4);
    expect(large.attributes[EPHEMERAL_STORAGE_SIZE]).toBe(40);
    await p.associate(alice, MEM_LARGE_TEMPLATE, [vm.location!]);
    const memLarge = await p.get(alice, vm.location!);
    expect(memLarge.mixins).toEqual([MEM_LARGE_TEMPLATE]);
    expect(memLarge.attributes['occi.compute.memory']).toBe(16);
    // Later on an uncovered compute too.
    const plain = await p.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.cores': 3 } });
    await p.associate(alice, MEDIUM_TEMPLATE, [plain.location!]);
    expect((await p.get(alice, plain.location!)).attributes).toMatchObject({
      'occi.compute.cores': 2,
      'occi.compute.memory': 2,
      [EPHEMERAL_STORAGE_SIZE]: 20,
    });
  });

  it('R0305: a template given in a full replacement (PUT) populates its values too, the provider’s included', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND, mixins: [SMALL_TEMPLATE] });
    const { entity: large } = await p.put(alice, vm.location!, {
      kind: COMPUTE_KIND,
      mixins: [LARGE_TEMPLATE],
    });
    expect(large.mixins).toEqual([LARGE_TEMPLATE]);
    expect(large.attributes).toMatchObject({
      'occi.compute.cores': 4,
      'occi.compute.memory': 4,
      'occi.compute.state': 'inactive',
      [EPHEMERAL_STORAGE_SIZE]: 40,
    });
    // Without a template its attributes go with it; the state, server-managed, stays.
    const { entity: bare } = await p.put(alice, vm.location!, { kind: COMPUTE_KIND, attributes: {} });
    expect(bare.attributes[EPHEMERAL_STORAGE_SIZE]).toBeUndefined();
    expect(bare.attributes['occi.compute.state']).toBe('inactive');
  });

  it('R0302: never two profile templates on one compute', async () => {
    const error = await rejection(
      setup().create(alice, { kind: COMPUTE_KIND, mixins: [SMALL_TEMPLATE, MEDIUM_TEMPLATE] }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', code: 'duplicate' });
    expect(error.message).toContain('at most one');
  });

  it('§7.1: the ephemeral storage size is the provider’s; §7.2: the device id is the client’s to change', async () => {
    const p = setup();
    const error = await rejection(
      p.create(alice, {
        kind: COMPUTE_KIND,
        mixins: [SMALL_TEMPLATE],
        attributes: { [EPHEMERAL_STORAGE_SIZE]: 99 },
      }),
    );
    expect(error).toMatchObject({ code: 'immutable-attribute' });
    // A resource template overrides the kind's size attributes and its immutable ones; the device id,
    // mutable and introduced by the template, is only a default: the client's value stands.
    const vm = await p.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [SMALL_TEMPLATE],
      attributes: { [EPHEMERAL_STORAGE_DEVICEID]: '/dev/sdb' },
    });
    expect(vm.attributes[EPHEMERAL_STORAGE_DEVICEID]).toBe('/dev/sdb');
    const plain = await p.create(alice, { kind: COMPUTE_KIND, mixins: [SMALL_TEMPLATE] });
    expect(plain.attributes[EPHEMERAL_STORAGE_DEVICEID]).toBe('/dev/vdb');
    const moved = await p.update(alice, vm.location!, {
      attributes: { [EPHEMERAL_STORAGE_DEVICEID]: '/dev/sdc' },
    });
    expect(moved.attributes[EPHEMERAL_STORAGE_DEVICEID]).toBe('/dev/sdc');
  });
});
