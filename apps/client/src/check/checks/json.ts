/**
 * JSON rendering (GFD.225) §3, §3.2, §3.4, §3.5.1 and §11: whether the
 * server offers it, and its discovery judged by the OGF JSON schema and
 * the tables of kinds, mixins, actions and attribute descriptions.
 */
import AjvModule from 'ajv-draft-04';
import { checksOf } from '../define.js';
import { ENTITY } from '../discovery.js';
import { expect, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { parseJson } from '../read.js';
import { type Definition, schemaErrors } from '../schema.js';
import { problems } from './support.js';

const { checks, add } = checksOf('json');

export { checks as jsonChecks };

const _W = { writes: true };
const TYPE = 'application/occi+json';

async function discovery(p: Probe): Promise<Record<string, unknown>> {
  await p.needRendering('json');
  const body = parseJson((await p.discoveryResponse(TYPE)).body);
  expect(body && typeof body === 'object' && !Array.isArray(body), 'the JSON discovery is no JSON object');
  return body as Record<string, unknown>;
}

const list = (o: Record<string, unknown>, key: string) =>
  Array.isArray(o[key]) ? (o[key] as Record<string, unknown>[]) : [];

add(
  '§3',
  'MAY',
  'offered',
  'the server offers the JSON rendering (application/occi+json); the other JSON checks skip without it',
  async (p) => {
    if (!(await p.offers('json'))) skip('the server does not offer application/occi+json');
  },
);

add(
  '§11',
  'MUST',
  'discovery-schema',
  'the JSON discovery validates against the OCCI JSON schema',
  async (p) => {
    const errors = schemaErrors('any', await discovery(p));
    expect(errors.length === 0, problems(errors));
  },
);

add(
  '§3.4',
  'MUST',
  'discovery-keys',
  'the category collection is an object whose members kinds, mixins and actions are arrays, and nothing else',
  async (p) => {
    const o = await discovery(p);
    const other = Object.keys(o).filter((k) => !['kinds', 'mixins', 'actions'].includes(k));
    expect(other.length === 0, `other members: ${other.join(', ')}`);
    for (const k of ['kinds', 'mixins', 'actions'])
      if (k in o) expect(Array.isArray(o[k]), `${k} is no array`);
  },
);

for (const [key, def, section] of [
  ['kinds', 'kind', '§3.2.1'],
  ['mixins', 'mixin', '§3.2.2'],
  ['actions', 'action', '§3.2.3'],
] as const)
  add(
    section,
    'MUST',
    `${def}-schema`,
    `every ${def} of the discovery validates against the schema's ${def} definition`,
    async (p) => {
      const bad = list(await discovery(p), key).flatMap((c) =>
        schemaErrors(def as Definition, c).map((e) => `${String(c.term)}: ${e}`),
      );
      expect(bad.length === 0, problems(bad));
    },
  );

add('§3.2.1', 'MUST', 'kind-location', 'every kind but Entity has a location', async (p) => {
  const bad = list(await discovery(p), 'kinds')
    .filter((k) => `${k.scheme}${k.term}` !== ENTITY && typeof k.location !== 'string')
    .map((k) => String(k.term));
  expect(bad.length === 0, `kinds without a location: ${problems(bad)}`);
});

add('§3.2.2', 'MUST', 'mixin-location', 'every mixin has a location', async (p) => {
  const bad = list(await discovery(p), 'mixins')
    .filter((m) => typeof m.location !== 'string')
    .map((m) => String(m.term));
  expect(bad.length === 0, `mixins without a location: ${problems(bad)}`);
});

function descriptions(o: Record<string, unknown>) {
  const out: { category: string; name: string; d: Record<string, unknown> }[] = [];
  for (const key of ['kinds', 'mixins', 'actions'])
    for (const c of list(o, key))
      for (const [name, d] of Object.entries((c.attributes as Record<string, unknown>) ?? {}))
        if (d && typeof d === 'object')
          out.push({ category: String(c.term), name, d: d as Record<string, unknown> });
  return out;
}

const TYPES = ['string', 'number', 'boolean', 'array', 'object'];
const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

add(
  '§3.5.1',
  'MUST',
  'attribute-type',
  'every attribute description\'s type is "string", "number", "boolean", "array" or "object"',
  async (p) => {
    const bad = descriptions(await discovery(p))
      .filter((a) => a.d.type !== undefined && !TYPES.includes(a.d.type as string))
      .map((a) => `${a.name}: ${String(a.d.type)}`);
    expect(bad.length === 0, problems(bad));
  },
);

add(
  '§3.5.1',
  'MUST',
  'default-type',
  "every attribute default has the description's type (string when none is given)",
  async (p) => {
    const bad = descriptions(await discovery(p))
      .filter(
        (a) => 'default' in a.d && jsonType(a.d.default) !== ((a.d.type as string | undefined) ?? 'string'),
      )
      .map(
        (a) =>
          `${a.name} (${a.category}): ${JSON.stringify(a.d.default)} is no ${String(a.d.type ?? 'string')}`,
      );
    expect(bad.length === 0, problems(bad));
  },
);

add(
  '§3.5.1',
  'SHOULD',
  'pattern-schema-keyword',
  'every pattern names the JSON Schema it is written in ($schema: recommended)',
  async (p) => {
    const bad = descriptions(await discovery(p))
      .filter(
        (a) => a.d.pattern && typeof a.d.pattern === 'object' && !('$schema' in (a.d.pattern as object)),
      )
      .map((a) => `${a.name} (${a.category})`);
    expect(bad.length === 0, `patterns without $schema: ${problems(bad)}`);
  },
);

add(
  '§3.5.1',
  'MUST',
  'pattern-is-schema',
  'every pattern is a JSON Schema (those of draft-04 or naming no draft compile)',
  async (p) => {
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ??
      AjvModule) as typeof AjvModule.default;
    const ajv = new Ajv({ strict: false });
    const bad: string[] = [];
    for (const a of descriptions(await discovery(p))) {
      const pattern = a.d.pattern as Record<string, unknown> | undefined;
      if (!pattern || typeof pattern !== 'object') continue;
      if (pattern.$schema !== undefined && !/draft-04/.test(String(pattern.$schema))) continue;
      try {
        ajv.compile(pattern);
      } catch (error) {
        bad.push(`${a.name} (${a.category}): ${(error as Error).message}`);
      }
    }
    expect(bad.length === 0, problems(bad));
  },
);
