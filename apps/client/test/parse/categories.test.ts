/**
 * Category collections: a Category is identified by its scheme and term
 * (Core §5.3.1), so a collection that defines one twice is invalid, in
 * every rendering and across classes. JSON kinds and mixins without their
 * location are non-conformant but unambiguous: warnings. And the JSON
 * schema's `model` document (`--as model`): entities and categories.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { occi, removeCliBundle } from '../support/processes.js';

afterAll(removeCliBundle);

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const TPL = 'http://example.com/tpl#';
const TWICE = 'is defined twice';
const CORE = 'a Category is identified by its scheme and term (Core §5.3.1)';
const compute = { term: 'compute', scheme: INFRA, location: '/compute/' };
const small = { term: 'small', scheme: TPL, location: '/tpl/small/' };

describe.concurrent('a category defined twice', () => {
  it('JSON: the second definition, by its pointer, in its class or another', async () => {
    const r = await occi(['parse'], {
      input: JSON.stringify({
        kinds: [compute, { term: 'network', scheme: INFRA, location: '/network/' }, compute],
        mixins: [
          small,
          { ...small, location: '/small/' },
          { term: 'compute', scheme: INFRA, location: '/c/' },
        ],
      }),
    });
    expect(r).toEqual({
      code: 1,
      stdout:
        `<stdin> /kinds/2: Category ${INFRA}compute ${TWICE} (first at /kinds/0); ${CORE}\n` +
        `<stdin> /mixins/1: Category ${TPL}small ${TWICE} (first at /mixins/0); ${CORE}\n` +
        `<stdin> /mixins/2: Category ${INFRA}compute ${TWICE} (first at /kinds/0); ${CORE}\n`,
      stderr: 'occi: 3 problems in <stdin> (json, as categories)\n',
    });
  });

  it('text/plain and text/occi: the line of the second definition', async () => {
    const kind = `Category: compute; scheme="${INFRA}"; class="kind"; location="/compute/"`;
    const mixin = `Category: small; scheme="${TPL}"; class="mixin"; location="/tpl/small/"`;
    const [plain, headers] = await Promise.all([
      occi(['parse'], { input: `${kind}\n${mixin}\n${mixin}; title="again"\n` }),
      occi(['parse', '--rendering', 'occi'], {
        input: `Content-Type: text/occi\r\n${kind}, ${mixin.slice('Category: '.length)}\r\n${mixin.replace('small', 'large')}\r\nCategory: compute; scheme="${INFRA}"; class="mixin"\r\n`,
      }),
    ]);
    expect(plain).toEqual({
      code: 1,
      stdout: `<stdin>:3: Category ${TPL}small ${TWICE} (first on line 2); ${CORE}\n`,
      stderr: 'occi: 1 problem in <stdin> (plain, as categories)\n',
    });
    expect(headers).toEqual({
      code: 1,
      stdout: `<stdin>:4: Category ${INFRA}compute ${TWICE} (first on line 2); ${CORE}\n`,
      stderr: 'occi: 1 problem in <stdin> (occi, as categories)\n',
    });
  });

  it('distinct schemes, one term: two categories, valid', async () => {
    const r = await occi(['parse', '--output', 'json'], {
      input: JSON.stringify({ mixins: [small, { ...small, scheme: 'http://example.com/other#' }] }),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, problems: [], warnings: [] });
  });
});

describe.concurrent('JSON categories without their location', () => {
  it('a mixin (Table 6, multiplicity 1), a kind other than Entity (Table 5, MUST): warnings', async () => {
    const r = await occi(['parse'], {
      input: JSON.stringify({
        kinds: [
          { term: 'entity', scheme: 'http://schemas.ogf.org/occi/core#' },
          { term: 'compute', scheme: INFRA },
        ],
        mixins: [{ term: 'small', scheme: TPL }],
      }),
    });
    expect(r.code).toBe(9);
    expect(r.stderr).toBe(
      `<stdin> /kinds/1/location: warning: missing; JSON §3.2.1 Table 5: the location of a kind MUST be supplied (kind ${INFRA}compute)\n` +
        `<stdin> /mixins/0/location: warning: missing; JSON §3.2.2 Table 6 gives the location of a mixin multiplicity 1 (mixin ${TPL}small)\n` +
        'occi: 2 warnings in <stdin> (json, as categories)\n',
    );
  });

  it('a lone mixin object: the warning at /location', async () => {
    const r = await occi(['parse', '--strict'], {
      input: JSON.stringify({ term: 'small', scheme: TPL, depends: [] }),
    });
    expect(r).toEqual({
      code: 1,
      stdout: `<stdin> /location: missing; JSON §3.2.2 Table 6 gives the location of a mixin multiplicity 1 (mixin ${TPL}small)\n`,
      stderr: 'occi: 1 problem in <stdin> (json, as categories)\n',
    });
  });
});

describe.concurrent('the JSON schema’s model document (--as model)', () => {
  const resource = { kind: `${INFRA}compute`, id: 'urn:uuid:1', attributes: { 'occi.compute.cores': 2 } };

  it('resources and mixins together: guessed, each part checked, printed normalised', async () => {
    const r = await occi(['parse'], { input: JSON.stringify({ resources: [resource], mixins: [small] }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      resources: [{ ...resource, mixins: [], actions: [], links: [] }],
      kinds: [],
      mixins: [{ ...small, attributes: {}, actions: [], depends: [], applies: [] }],
      actions: [],
    });
  });

  it('each part’s problems: an entity without its kind, a category twice', async () => {
    const r = await occi(['parse', '--as', 'model'], {
      input: JSON.stringify({ resources: [{ id: 'urn:uuid:1' }], mixins: [small, small] }),
    });
    expect(r).toEqual({
      code: 1,
      stdout:
        '<stdin> /resources/0/kind: missing; an entity names its kind (JSON §3.1.1 Table 1: kind, multiplicity 1)\n' +
        `<stdin> /mixins/1: Category ${TPL}small ${TWICE} (first at /mixins/0); ${CORE}\n`,
      stderr: 'occi: 2 problems in <stdin> (json, as model)\n',
    });
  });

  it('a member the schema’s model has not; a text message', async () => {
    const [unknown, text] = await Promise.all([
      occi(['parse', '--as', 'model'], { input: JSON.stringify({ resources: [], kind: 'x' }) }),
      occi(['parse', '--as', 'model'], { input: `Category: compute; scheme="${INFRA}"; class="kind"\n` }),
    ]);
    expect(unknown).toEqual({
      code: 1,
      stdout:
        '<stdin> /kind: unknown member "kind" of a model document (members: resources, links, kinds, mixins, actions)\n',
      stderr: 'occi: 1 problem in <stdin> (json, as model)\n',
    });
    expect(text).toEqual({
      code: 2,
      stdout: '',
      stderr: "occi: --as model: the model document is the JSON schema's (GFD.225); text/plain has none\n",
    });
  });
});
