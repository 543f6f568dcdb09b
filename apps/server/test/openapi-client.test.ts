/**
 * The document drives a generated client: openapi-client-axios reads
 * /openapi.json from a listening server and creates, reads, starts and
 * deletes a compute through the operations it names, each answer fitting
 * the schema the document gives it.
 */
import axios from 'axios';
import { OpenAPIClientAxios } from 'openapi-client-axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcciServer } from '../src/app.js';
import { buildServer, parseConfig } from '../src/index.js';
import { type Doc, misfits, responseSchema } from './openapi-support.js';
import { basic, type Captured, inProcess } from './support/in-process.js';

const COMPUTE = 'http://schemas.ogf.org/occi/infrastructure#compute';
const START = 'http://schemas.ogf.org/occi/infrastructure/compute/action#start';

async function listen(server: OcciServer): Promise<string> {
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/** The response's body fits the schema the document gives that operation and status. */
function expectFits(doc: Doc, path: string, method: string, status: number, body: unknown): void {
  const schema = responseSchema(doc, doc.paths[path][method], String(status));
  expect(misfits(doc, schema, body), `${method.toUpperCase()} ${path} ${status}`).toEqual([]);
}

describe('a client generated from /openapi.json', () => {
  let server: OcciServer;
  let base: string;
  beforeAll(async () => {
    server = await buildServer(
      parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent'], env: {} }),
    );
    base = await listen(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates, reads, starts and deletes a compute', async () => {
    const { data: doc } = await axios.get<Doc>(`${base}/openapi.json`);
    const api = new OpenAPIClientAxios({
      definition: structuredClone(doc) as never,
      axiosConfigDefaults: { baseURL: base, validateStatus: () => true },
    });
    // biome-ignore lint/suspicious/noExplicitAny: the operations are named by the document at run time.
    const client: any = await api.init();

    const created = await client.createCompute(null, {
      kind: COMPUTE,
      title: 'web',
      attributes: { 'occi.compute.cores': 2, 'occi.compute.memory': 4 },
    });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expectFits(doc, '/compute/', 'post', 201, created.data);
    const location = new URL(created.headers.location as string);
    expect(location.pathname).toMatch(/^\/compute\/[^/]+$/);
    const id = location.pathname.slice('/compute/'.length);
    // Core §5.4.1: the id the server chose is a URI; its location ends in the uuid.
    expect(created.data.resources[0].id).toBe(`urn:uuid:${id}`);

    const read = await client.getCompute({ id });
    expect(read.status).toBe(200);
    expectFits(doc, '/compute/{id}', 'get', 200, read.data);
    expect(read.data).toMatchObject({
      kind: COMPUTE,
      id: `urn:uuid:${id}`,
      title: 'web',
      attributes: { 'occi.compute.cores': 2, 'occi.compute.memory': 4, 'occi.compute.state': 'inactive' },
      actions: [START],
    });
    expect(read.headers.etag).toBeDefined();

    const started = await client.computeStart({ id }, { action: START });
    expect(started.status).toBe(200);
    expectFits(doc, '/compute/{id}?action=start', 'post', 200, started.data);
    expect(started.data.attributes['occi.compute.state']).toBe('active');
    expect(started.data.actions).not.toContain(START);

    const listed = await client.listCompute({ page: 1, number: 10 });
    expect(listed.status).toBe(200);
    expectFits(doc, '/compute/', 'get', 200, listed.data);
    expect(listed.data.resources.map((r: Doc) => r.id)).toEqual([`urn:uuid:${id}`]);
    // The filters the document names work as it says (HTTP §6.2).
    const titled = async (title: string) =>
      (await client.listCompute({ 'X-OCCI-Attribute': `occi.core.title="${title}"` })).data.resources.length;
    expect([await titled('web'), await titled('db')]).toEqual([1, 0]);
    const ofKind = async (term: string) =>
      (
        await client.listAll({
          Category: `${term}; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"`,
        })
      ).data.resources?.length ?? 0;
    expect([await ofKind('compute'), await ofKind('storage')]).toEqual([1, 0]);

    // A mixin collection: associate the compute with ssh_key, setting its attribute (HTTP §9.3.2).
    const key =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDKh0Ilx8gXqMdC3Lr2nXUjGNAGhxGA9vBqb6q0m6H8y web@example';
    const associated = await client.addToSshKey(null, {
      resources: [
        { id: `urn:uuid:${id}`, kind: COMPUTE, attributes: { 'occi.credentials.ssh.publickey': key } },
      ],
    });
    expect(associated.status, JSON.stringify(associated.data)).toBe(200);
    expectFits(doc, '/mixin/ssh_key/', 'post', 200, associated.data);
    expect(associated.data.resources[0].attributes['occi.credentials.ssh.publickey']).toBe(key);
    const dissociated = await client.removeFromSshKey();
    expect(dissociated.status).toBe(200);
    expect(dissociated.data).toEqual({ resources: [] });

    const deleted = await client.deleteCompute({ id });
    expect(deleted.status).toBe(200);
    expectFits(doc, '/compute/{id}', 'delete', 200, deleted.data);

    const gone = await client.getCompute({ id });
    expect(gone.status).toBe(404);
    expectFits(doc, '/compute/{id}', 'get', 404, gone.data);
    expect(gone.data.error.problems[0]).toMatchObject({ code: 'not-found', location: `/compute/${id}` });

    // A page size above the server's limit is refused as the document says (HTTP §5: 413).
    const tooMany = await client.listCompute({ number: 100_000 });
    expect(tooMany.status).toBe(413);
    expect(doc.components.parameters.number.schema.maximum).toBe(1000);
    expectFits(doc, '/compute/', 'get', 413, tooMany.data);
  });
});

describe('a generated client with credentials', () => {
  let running: Captured;
  let base: string;
  beforeAll(async () => {
    running = await inProcess([], { alice: {} });
    base = await listen(running.server);
  });
  afterAll(async () => {
    await running.close();
  });

  it('gets 401 for the document without them, and works with them', async () => {
    const refused = await axios.get(`${base}/openapi.json`, { validateStatus: () => true });
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic realm="occi"/);
    const headers = { authorization: basic('alice') };
    const { data: doc } = await axios.get<Doc>(`${base}/openapi.json`, { headers });
    expect(doc.security).toEqual([{ basic: [] }, { bearer: [] }]);
    const api = new OpenAPIClientAxios({
      definition: structuredClone(doc) as never,
      axiosConfigDefaults: { baseURL: base, headers, validateStatus: () => true },
    });
    // biome-ignore lint/suspicious/noExplicitAny: the operations are named by the document at run time.
    const client: any = await api.init();
    const created = await client.createCompute(null, { kind: COMPUTE });
    expect(created.status).toBe(201);
    const id = new URL(created.headers.location as string).pathname.split('/').at(-1);
    const started = await client.computeStart({ id }, { action: START });
    expect(started.status).toBe(200);
    expect(started.data.attributes['occi.compute.state']).toBe('active');
    const deleted = await client.deleteCompute({ id });
    expect(deleted.status).toBe(200);
  });
});
