/**
 * The ids and inline link sources a JSON client writes (JSON §3.1.1,
 * §3.1.2, whose schema requires them): a new entity's `urn:uuid:` id is
 * kept; the same kind of id given with a write to an existing entity, held
 * by no entity, is ignored (a PUT may create or replace, HTTP §8.2); an
 * inline link's source names the resource it comes with, by location or id.
 */
import { describe, expect, it } from 'vitest';
import type { EntityDraft } from '../../src/index.js';
import { alice, bob, MACHINE, machine, p, rejection, useFreshProvider, WIRE } from './setup.js';

useFreshProvider();

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('a client id (Core §5.4.1)', () => {
  it('is kept for a new entity, which lives at its kind location + the uuid', async () => {
    const a = await machine('a', { id: `urn:uuid:${UUID}` });
    expect([a.id, a.location]).toEqual([`urn:uuid:${UUID}`, `/machine/${UUID}`]);
    expect((await p.get(alice, `urn:uuid:${UUID}`)).location).toBe(`/machine/${UUID}`);
  });

  it('a urn:uuid no entity holds, given to replace or update an existing entity, changes nothing', async () => {
    const a = await machine('a');
    const { entity, created } = await p.put(alice, a.location!, {
      id: `urn:uuid:${UUID}`,
      kind: MACHINE,
      attributes: { 'com.example.name': 'A' },
    });
    expect([created, entity.id, entity.location, entity.version]).toEqual([false, a.id, a.location, '2']);
    expect(entity.attributes['com.example.name']).toBe('A');
    const updated = await p.update(alice, a.location!, { id: `urn:uuid:${OTHER}`, title: 't' });
    expect([updated.id, updated.title]).toEqual([a.id, 't']);
    expect(await rejection(p.get(alice, `urn:uuid:${UUID}`))).toMatchObject({ kind: 'not-found' });
  });

  it('an id another entity holds, or any other id, is still a change and refused (immutable)', async () => {
    const a = await machine('a');
    await machine('b', { id: `urn:uuid:${UUID}` });
    await machine('c', { id: `urn:uuid:${OTHER}` }, bob);
    for (const id of [`urn:uuid:${UUID}`, `urn:uuid:${OTHER}`, 'urn:x:other', 'plain'])
      for (const write of [
        () => p.put(alice, a.location!, { id, kind: MACHINE, attributes: { 'com.example.name': 'a' } }),
        () => p.update(alice, a.location!, { id }),
      ])
        expect((await rejection(write())).problems, id).toEqual([
          {
            code: 'immutable-attribute',
            message: `occi.core.id is immutable: it is ${a.id}`,
            attribute: 'occi.core.id',
          },
        ]);
    expect((await p.get(alice, a.location!)).version).toBe('1');
  });
});

describe("an inline link's source (Core §5.4.2: the links of a resource are those whose source it is)", () => {
  const link = (target: string, source?: string): EntityDraft => ({
    kind: WIRE,
    target: { location: target },
    attributes: {},
    ...(source !== undefined ? { source: { location: source } } : {}),
  });

  it('names the new resource by the id the request gives it, or is left out', async () => {
    const b = await machine('b');
    const a = await machine('a', {
      id: `urn:uuid:${UUID}`,
      links: [link(b.location!, `urn:uuid:${UUID}`), link(b.location!, UUID), link(b.location!)],
    });
    expect(a.links!.map((l) => l.source)).toEqual([
      { location: a.location, kind: MACHINE },
      { location: a.location, kind: MACHINE },
      { location: a.location, kind: MACHINE },
    ]);
  });

  it('names an existing resource by its location or id, or by the made-up id a replacement carries', async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    const { entity } = await p.put(alice, a.location!, {
      id: `urn:uuid:${UUID}`,
      kind: MACHINE,
      attributes: { 'com.example.name': 'a' },
      links: [link(b.location!, `urn:uuid:${UUID}`), link(b.location!, a.location!), link(b.location!, a.id)],
    });
    expect(entity.links!.map((l) => l.source?.location)).toEqual([a.location, a.location, a.location]);
  });

  it('naming another resource is 400, and nothing is written', async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    for (const write of [
      () => machine('c', { links: [link(b.location!, b.location!)] }),
      () => p.update(alice, a.location!, { links: [link(b.location!, `urn:uuid:${UUID}`)] }),
    ]) {
      const e = await rejection(write());
      expect(e.kind).toBe('bad-request');
      expect(e.problems).toHaveLength(1);
      expect(e.problems[0]).toMatchObject({ code: 'invalid-link', attribute: 'occi.core.source' });
      expect(e.message).toMatch(
        /^inline link 1: its source \S+ is not the resource it comes with \(\/machine\/\S+\); give that resource's location or id, or no source$/,
      );
    }
    expect((await p.list(alice, { collection: { kind: WIRE } })).length).toBe(0);
    expect((await p.list(alice, { collection: { kind: MACHINE } })).length).toBe(2);
  });
});
