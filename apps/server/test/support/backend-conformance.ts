/**
 * What the documents define behaves the same on every backend: one suite
 * of protocol checks over HTTP, run against the server with each backend
 * (reference.conformance.test.ts, docker-provider.test.ts). A backend adds
 * only what its engine imposes; none of that is exercised here.
 */
import { describe, expect, it } from 'vitest';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const COMPUTE_ACTION = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
const PLATFORM = 'http://schemas.ogf.org/occi/platform#';
const SLA = 'http://schemas.ogf.org/occi/sla#';
const CORE = 'http://schemas.ogf.org/occi/core#';
const JSON_TYPE = 'application/occi+json';

interface Rendered {
  location?: string;
  kind: string;
  mixins?: string[];
  attributes: Record<string, unknown>;
  links?: Rendered[];
  target?: { location: string; kind?: string };
  actions?: string[];
}

export function backendConformance(backend: string, server: () => { url: string }): void {
  const url = (path: string) => server().url + path;
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(url(path), {
      method,
      headers: { accept: JSON_TYPE, ...(body === undefined ? {} : { 'content-type': JSON_TYPE }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, location: response.headers.get('location'), text };
  };
  const create = async (collection: string, body: Record<string, unknown>): Promise<Rendered> => {
    const created = await send('POST', `/${collection}/`, body);
    expect(created.status, created.text).toBe(201);
    const location = new URL(created.location!).pathname;
    const got = await send('GET', location);
    expect(got.status, got.text).toBe(200);
    return { ...(JSON.parse(got.text) as Rendered), location };
  };
  const get = async (path: string) => JSON.parse((await send('GET', path)).text) as Rendered;
  const action = (path: string, term: string, scheme = COMPUTE_ACTION) =>
    send('POST', `${path}?action=${term}`, { action: scheme + term, attributes: {} });

  describe(`the documents' semantics on the ${backend} backend`, () => {
    it('resources start in the initial states of their state machines (STATE-MACHINES.md)', async () => {
      const [compute, storage, network] = await Promise.all([
        create('compute', { kind: `${INFRA}compute` }),
        create('storage', { kind: `${INFRA}storage`, attributes: { 'occi.storage.size': 1 } }),
        create('network', { kind: `${INFRA}network` }),
      ]);
      expect(compute.attributes['occi.compute.state']).toBe('inactive');
      expect(compute.actions).toEqual([`${COMPUTE_ACTION}start`]);
      expect(storage.attributes['occi.storage.state']).toBe('offline');
      expect(network.attributes['occi.network.state']).toBe('inactive');
      // Infrastructure figure 1: stop is not applicable to an inactive compute.
      expect((await action(compute.location!, 'stop')).status).toBe(409);
      const started = await action(compute.location!, 'start');
      expect(started.status, started.text).toBe(200);
      expect((JSON.parse(started.text) as Rendered).attributes['occi.compute.state']).toBe('active');
      expect((await get(compute.location!)).attributes['occi.compute.state']).toBe('active');
      const stopped = await action(compute.location!, 'stop');
      expect(stopped.status, stopped.text).toBe(200);
      for (const r of [compute, storage, network])
        expect((await send('DELETE', r.location!)).status).toBe(200);
    });

    it('validates before anything is made: a storage link without a target is 400', async () => {
      const compute = await create('compute', { kind: `${INFRA}compute` });
      const refused = await send('POST', '/storagelink/', {
        kind: `${INFRA}storagelink`,
        source: { location: compute.location },
        attributes: { 'occi.storagelink.deviceid': 'vdb' },
      });
      expect(refused.status, refused.text).toBe(400);
      expect((await get(compute.location!)).links ?? []).toEqual([]);
      expect((await send('DELETE', compute.location!)).status).toBe(200);
    });

    it('links a storage to an existing (inactive) compute, and unlinks it', async () => {
      const [compute, storage] = await Promise.all([
        create('compute', { kind: `${INFRA}compute` }),
        create('storage', { kind: `${INFRA}storage`, attributes: { 'occi.storage.size': 1 } }),
      ]);
      const link = await send('POST', '/storagelink/', {
        kind: `${INFRA}storagelink`,
        source: { location: compute.location },
        target: { location: storage.location },
        attributes: { 'occi.storagelink.deviceid': 'vdb' },
      });
      expect(link.status, link.text).toBe(201);
      const linked = await get(compute.location!);
      expect(linked.links?.map((l) => l.kind)).toEqual([`${INFRA}storagelink`]);
      expect((await send('DELETE', new URL(link.location!).pathname)).status).toBe(200);
      expect((await get(compute.location!)).links ?? []).toEqual([]);
      for (const r of [compute, storage]) expect((await send('DELETE', r.location!)).status).toBe(200);
    });

    it('replaces a compute with PUT (HTTP §8.2.2)', async () => {
      const compute = await create('compute', {
        kind: `${INFRA}compute`,
        attributes: { 'occi.compute.cores': 1 },
      });
      const replaced = await send('PUT', compute.location!, {
        kind: `${INFRA}compute`,
        attributes: { 'occi.compute.cores': 1, 'occi.compute.hostname': 'renamed' },
      });
      expect(replaced.status, replaced.text).toBe(200);
      expect((await get(compute.location!)).attributes['occi.compute.hostname']).toBe('renamed');
      expect((await send('DELETE', compute.location!)).status).toBe(200);
    });

    it('links resources of kinds the backend does not manage (Platform, SLA), and keeps them', async () => {
      const application = await create('application', {
        kind: `${PLATFORM}application`,
        attributes: { 'occi.app.name': 'shop' },
      });
      const component = await create('component', { kind: `${PLATFORM}component` });
      const componentLink = await send('POST', '/componentlink/', {
        kind: `${PLATFORM}componentlink`,
        source: { location: application.location },
        target: { location: component.location },
      });
      expect(componentLink.status, componentLink.text).toBe(201);
      const agreement = await create('agreement', { kind: `${SLA}agreement` });
      const compute = await create('compute', { kind: `${INFRA}compute` });
      const agreementLink = await send('POST', '/agreement_link/', {
        kind: `${SLA}agreement_link`,
        source: { location: agreement.location },
        target: { location: compute.location },
      });
      expect(agreementLink.status, agreementLink.text).toBe(201);
      // Reading them again finds every one of them, with their links.
      expect((await get(application.location!)).links?.map((l) => l.kind)).toEqual([
        `${PLATFORM}componentlink`,
      ]);
      expect((await get(agreement.location!)).links?.map((l) => l.target)).toEqual([
        { location: compute.location, kind: `${INFRA}compute` },
      ]);
      const core = await send('POST', '/link/', {
        kind: `${CORE}link`,
        source: { location: compute.location },
        target: { location: application.location },
      });
      expect(core.status, core.text).toBe(201);
      // Core §5.4.2: deleting a resource deletes its links, from and to it.
      expect((await send('DELETE', compute.location!)).status).toBe(200);
      expect((await get(agreement.location!)).links ?? []).toEqual([]);
      expect((await send('GET', new URL(core.location!).pathname)).status).toBe(404);
      for (const r of [application, component, agreement])
        expect((await send('DELETE', r.location!)).status).toBe(200);
    });
  });
}
