/** Quotas per user from the users file: entities per kind, cores and memory; 403 naming the quota and the use. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, type Captured, inProcess } from './support/in-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const LARGE = 'http://schemas.ogf.org/occi/infrastructure/compute/template/1.1#large';
let running: Captured | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const start = () =>
  inProcess(
    [],
    {
      alice: { quotas: { cores: 6 } },
      bob: { quotas: { entities: { compute: null } } },
      carol: { quotas: { entities: { networkinterface: 1 } } },
      root: { admin: true },
    },
    { quotas: { entities: { compute: 2, '*': 10 }, cores: 4, memory: 8 } },
  );

function client(c: Captured, user: string) {
  const send = (method: string, url: string, body?: unknown) =>
    c.server.app.inject({
      method: method as 'POST',
      url,
      headers: {
        authorization: basic(user),
        accept: 'application/occi+json',
        ...(body ? { 'content-type': 'application/occi+json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
  const compute = (attributes: Record<string, unknown> = {}, mixins: string[] = [], links?: object[]) => {
    const id = `urn:uuid:${randomUUID()}`;
    const source = { location: id, kind: `${INFRA}compute` };
    return send('POST', '/compute/', {
      kind: `${INFRA}compute`,
      id,
      mixins,
      attributes,
      ...(links ? { links: links.map((l) => ({ ...l, id: `urn:uuid:${randomUUID()}`, source })) } : {}),
    });
  };
  return { send, compute };
}

const message = (body: string) => (JSON.parse(body) as { error: { message: string } }).error.message;

describe('quotas', () => {
  it('count entities per kind and refuse the one too many with 403 naming the quota and the use', async () => {
    running = await start();
    const root = client(running, 'root');
    expect((await root.compute({ 'occi.compute.cores': 1 })).statusCode).toBe(201);
    expect((await root.compute({ 'occi.compute.cores': 1 })).statusCode).toBe(201);
    const third = await root.compute({ 'occi.compute.cores': 1 });
    expect(third.statusCode).toBe(403);
    expect(message(third.body)).toBe(
      'quota exceeded: root has 2 compute entities of 2 allowed; delete some or ask the operator for a higher quota',
    );
    // Another kind, under the "*" default, is still allowed; bob's computes are unlimited.
    expect(
      (
        await root.send('POST', '/storage/', {
          kind: `${INFRA}storage`,
          attributes: { 'occi.storage.size': 1 },
        })
      ).statusCode,
    ).toBe(201);
    const bob = client(running, 'bob');
    for (let i = 0; i < 3; i++) expect((await bob.compute({ 'occi.compute.cores': 1 })).statusCode).toBe(201);
  });

  it('add up cores and memory of the computes, template defaults included, on create and update', async () => {
    running = await start();
    const alice = client(running, 'alice'); // cores 6 (her own), memory 8 (the default)
    const first = await alice.compute({}, [LARGE]); // 4 cores, 4 GiB from the template
    expect(first.statusCode).toBe(201);
    const vm = new URL(first.headers.location as string).pathname;
    const second = await alice.compute({}, [LARGE]);
    expect(second.statusCode).toBe(403);
    expect(message(second.body)).toBe(
      "quota exceeded: alice's computes use 4 of 6 cores; this one needs 4; delete some or ask the operator for a higher quota",
    );
    const memory = await alice.compute({ 'occi.compute.cores': 1, 'occi.compute.memory': 5 });
    expect(memory.statusCode).toBe(403);
    expect(message(memory.body)).toContain("alice's computes use 4 of 8 GiB of memory; this one needs 5");
    const grow = await alice.send('POST', vm, {
      kind: `${INFRA}compute`,
      attributes: { 'occi.compute.cores': 7 },
    });
    expect(grow.statusCode).toBe(403);
    expect(message(grow.body)).toContain("alice's computes use 0 of 6 cores; this one needs 7");
    const shrink = await alice.send('POST', vm, {
      kind: `${INFRA}compute`,
      attributes: { 'occi.compute.cores': 2 },
    });
    expect(shrink.statusCode).toBe(200);
    expect((await alice.compute({ 'occi.compute.cores': 4, 'occi.compute.memory': 1 })).statusCode).toBe(201);
  });

  it('count a resource and its inline links together', async () => {
    running = await start();
    const carol = client(running, 'carol');
    const network = await carol.send('POST', '/network/', { kind: `${INFRA}network` });
    expect(network.statusCode).toBe(201);
    const target = {
      location: new URL(network.headers.location as string).pathname,
      kind: `${INFRA}network`,
    };
    const link = { kind: `${INFRA}networkinterface`, target };
    const two = await carol.compute({ 'occi.compute.cores': 1 }, [], [link, link]);
    expect(two.statusCode).toBe(403);
    expect(message(two.body)).toContain('carol has 1 networkinterface entities of 1 allowed');
    expect((await carol.compute({ 'occi.compute.cores': 1 }, [], [link])).statusCode).toBe(201);
  });

  it('hold under concurrent creations: exactly the quota is created', async () => {
    running = await start();
    const root = client(running, 'root');
    const statuses = await Promise.all(
      Array.from({ length: 6 }, async () => (await root.compute({ 'occi.compute.cores': 1 })).statusCode),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 403)).toHaveLength(4);
  });

  it('refuse to start with a kind the model does not know', async () => {
    await expect(inProcess([], { alice: { quotas: { entities: { computer: 1 } } } })).rejects.toThrow(
      /users\.json: users\["alice"\]\.quotas\.entities\["computer"\]: no kind computer; known: .*compute/,
    );
  });
});
