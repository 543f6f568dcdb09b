/**
 * The rendering documents' own examples, as fixtures (test/parse/fixtures/):
 * `occi parse` guesses what each is without `--as` and finds it valid.
 * The JSON examples are fixed as the spec README's erratum 1 says
 * (`"location:"` in link targets, the comma missing after `"description"`
 * in the Kind example), and one more fix the erratum does not list: the
 * Kind example's pattern `"\S+"` is no JSON string (`\S` is no JSON
 * escape), `"\\S+"` is the ERE it means.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { occi, removeCliBundle } from '../support/processes.js';

afterAll(removeCliBundle);

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const read = async (name: string) =>
  JSON.parse(await readFile(fixture(name), 'utf8')) as Record<string, unknown>;
const printed = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';

/** A link as the JSON writer orders its members: source before target. */
function linkOrder(link: Record<string, unknown>): Record<string, unknown> {
  const { source, target, ...rest } = link;
  return { ...rest, source, target };
}

describe.concurrent('the JSON rendering document’s examples (GFD.225 appendix)', () => {
  it('the Resource instance example: an entity, printed as it is', async () => {
    const resource = await read('json-resource.json');
    const r = await occi(['parse', fixture('json-resource.json')]);
    const links = (resource.links as Record<string, unknown>[]).map(linkOrder);
    expect(r).toEqual({ code: 0, stdout: printed({ ...resource, links }), stderr: '' });
  });

  it('the Link instance example: an entity', async () => {
    const link = await read('json-link.json');
    const r = await occi(['parse', fixture('json-link.json')]);
    expect(r).toEqual({ code: 0, stdout: printed(linkOrder(link)), stderr: '' });
  });

  it('the Action invocation example: an action invocation', async () => {
    const r = await occi(['parse', '--output', 'json', fixture('json-action-invocation.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, as: 'action', problems: [], warnings: [] });
  });

  it('the Kind instance example: a category, printed in a category collection', async () => {
    const kind = await read('json-kind.json');
    const r = await occi(['parse', fixture('json-kind.json')]);
    const { term, scheme, title, parent, actions, location } = kind;
    const attributes = {
      'occi.compute.hostname': {
        mutable: true,
        required: false,
        type: 'string',
        pattern: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string', pattern: '\\S+' },
        description: 'Hostname of the compute resource',
      },
      'occi.compute.state': {
        mutable: false,
        required: false,
        type: 'string',
        default: 'inactive',
        description: 'State the compute resource is in',
      },
    };
    expect(JSON.parse(r.stdout).kinds[0].attributes).toEqual(kind.attributes);
    expect(r).toEqual({
      code: 0,
      stdout: printed({
        kinds: [{ term, scheme, attributes, actions, title, parent, location }],
        mixins: [],
        actions: [],
      }),
      stderr: '',
    });
  });

  it('the Mixin instance example: a category; attribute properties written with their defaults', async () => {
    const r = await occi(['parse', fixture('json-mixin.json')]);
    expect(r).toEqual({
      code: 0,
      stdout: printed({
        kinds: [],
        mixins: [
          {
            term: 'medium',
            scheme: 'http://example.com/template/resource#',
            attributes: {
              'occi.compute.speed': { mutable: false, required: false, type: 'number', default: 2.8 },
            },
            actions: [],
            depends: [`${INFRA}resourcetpl`],
            applies: [`${INFRA}compute`],
            title: 'MediumVM',
            location: '/template/resource/medium/',
          },
        ],
        actions: [],
      }),
      stderr: '',
    });
  });

  it('the Action instance example: a category', async () => {
    const action = await read('json-action.json');
    const r = await occi(['parse', fixture('json-action.json')]);
    const { term, scheme, title, attributes } = action;
    expect(r).toEqual({
      code: 0,
      stdout: printed({ kinds: [], mixins: [], actions: [{ term, scheme, attributes, title }] }),
      stderr: '',
    });
  });

  it('the collection declarations of §3.3 and §3.4, each an empty collection of its kind', async () => {
    const runs = await Promise.all(
      ['resources', 'links', 'kinds', 'mixins', 'actions'].map((key) =>
        occi(['parse', '--output', 'json'], { input: JSON.stringify({ [key]: [] }) }),
      ),
    );
    expect(runs.map((r) => [r.code, JSON.parse(r.stdout).as])).toEqual([
      [0, 'collection'],
      [0, 'collection'],
      [0, 'categories'],
      [0, 'categories'],
      [0, 'categories'],
    ]);
  });

  it('as printed, the Resource example is no JSON (erratum 1)', async () => {
    const text = (await readFile(fixture('json-resource.json'), 'utf8')).replace(
      '"location":',
      '"location:"',
    );
    const r = await occi(['parse'], { input: text });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>: invalid JSON: /);
    expect(r.stderr).toBe('occi: 1 problem in <stdin> (json)\n');
  });
});

/**
 * The text/plain example (GFD.229 §6) is a transcript: `< ` before each
 * line, lines wrapped with ` \`, no ";" before `class`, a ";" after it.
 * The fixture is the message it shows: one field a line, as the ABNF has it.
 */
describe.concurrent('the text rendering document’s example (GFD.229 §6)', () => {
  it('an entity; its action link is not written back (the entity rendering has no location)', async () => {
    const r = await occi(['parse', fixture('text-plain-entity.txt')]);
    expect(r).toEqual({
      code: 0,
      stdout: [
        `Category: compute; scheme="${INFRA}"; class="kind"`,
        'X-OCCI-Attribute: occi.core.id="urn:uuid:b9ff813e-fee5-4a9d-b839-673f39746096"',
        'X-OCCI-Attribute: occi.core.title="My Dummy VM"',
        'X-OCCI-Attribute: occi.compute.architecture="x86"',
        'X-OCCI-Attribute: occi.compute.state="inactive"',
        'X-OCCI-Attribute: occi.compute.speed=1.33',
        'X-OCCI-Attribute: occi.compute.memory=2',
        'X-OCCI-Attribute: occi.compute.cores=2',
        'X-OCCI-Attribute: occi.compute.hostname="dummy"',
        '',
      ].join('\n'),
      stderr: '',
    });
  });
});
