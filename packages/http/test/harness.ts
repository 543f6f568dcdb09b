import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { crtp } from '@occi/crtp';
import { infrastructure, osTemplates } from '@occi/infrastructure';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain, uriList } from '@occi/render-text';
import Fastify, { type FastifyInstance } from 'fastify';
import { type OcciPluginOptions, occiPlugin } from '../src/server/index.js';

export const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
export const COMPUTE = `${INFRA}compute`;
export const STORAGE = `${INFRA}storage`;
export const NETWORK = `${INFRA}network`;
export const NETWORKINTERFACE = `${INFRA}networkinterface`;
export const COMPUTE_ACTION = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
export const BASE = 'http://occi.test';

export async function makeApp(options: Partial<OcciPluginOptions> = {}): Promise<FastifyInstance> {
  const model = Model.create([infrastructure, osTemplates, crtp]);
  const provider = createReferenceProvider({ model, store: new MemoryStore() });
  const app = Fastify();
  await app.register(occiPlugin, {
    provider,
    renderings: [textPlain, textOcci, uriList, jsonRendering],
    baseUrl: BASE,
    authenticate: (request) => ({
      user: String(request.headers['x-test-user'] ?? 'alice'),
      admin: request.headers['x-test-user'] === 'root',
    }),
    ...options,
  });
  await app.ready();
  return app;
}

/** The three renderings a test runs through, with how to write a request in each. */
export type RenderingName = 'text/plain' | 'text/occi' | 'application/occi+json';
export const RENDERINGS: RenderingName[] = ['text/plain', 'text/occi', 'application/occi+json'];

export interface Message {
  categories?: { term: string; scheme: string; class: 'kind' | 'mixin' | 'action'; location?: string }[];
  attributes?: Record<string, string | number | boolean>;
  locations?: string[];
}

const quote = (v: string | number | boolean) =>
  typeof v === 'string' ? `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"` : String(v);

function textLines(m: Message): { name: string; value: string }[] {
  const lines: { name: string; value: string }[] = [];
  for (const c of m.categories ?? [])
    lines.push({
      name: 'Category',
      value: `${c.term}; scheme="${c.scheme}"; class="${c.class}"${c.location ? `; location="${c.location}"` : ''}`,
    });
  for (const [k, v] of Object.entries(m.attributes ?? {}))
    lines.push({ name: 'X-OCCI-Attribute', value: `${k}=${quote(v)}` });
  for (const l of m.locations ?? []) lines.push({ name: 'X-OCCI-Location', value: l });
  return lines;
}

/** Headers and body of a request carrying `m` in the rendering. */
export function request(
  rendering: RenderingName,
  m: Message,
  json?: unknown,
): { headers: Record<string, string>; payload?: string } {
  if (rendering === 'application/occi+json')
    return { headers: { 'content-type': rendering, accept: rendering }, payload: JSON.stringify(json) };
  const lines = textLines(m);
  if (rendering === 'text/plain')
    return {
      headers: { 'content-type': rendering, accept: rendering },
      payload: lines.map((l) => `${l.name}: ${l.value}`).join('\n'),
    };
  const headers: Record<string, string> = { 'content-type': rendering, accept: rendering };
  for (const l of lines) {
    const key = l.name.toLowerCase();
    headers[key] = headers[key] ? `${headers[key]}, ${l.value}` : l.value;
  }
  return { headers };
}
