/**
 * What a message is, guessed from its content (`occi parse` without
 * `--as`): a type where the content decides, "cannot tell" where two
 * readings would judge it differently, "not OCCI" where none can read it.
 */
import { describe, expect, it } from 'vitest';
import { detectType, readMessage } from '../../src/parse-message.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const COMPUTE = `Category: compute; scheme="${INFRA}"; class="kind"`;
const SMALL = 'Category: small; scheme="http://example.com/tpl#"; class="mixin"';

const guess = (text: string, format?: 'json' | 'plain' | 'occi') => detectType(readMessage(text, format));
const json = (value: unknown) => guess(JSON.stringify(value));

describe('text: what a message is', () => {
  it('an entity: a kind with links or attributes, or a kind and its mixins named only', () => {
    expect(guess(`${COMPUTE}\nX-OCCI-Attribute: a=1\n`)).toEqual({ type: 'entity' });
    expect(guess(`${COMPUTE}\n${SMALL}\n`)).toEqual({ type: 'entity' });
    expect(guess(`${COMPUTE}\nLink: </compute/1?action=start>; rel="${INFRA}start"\n`)).toEqual({
      type: 'entity',
    });
    // A described category next to attributes is still an entity's (1.1 servers render categories whole).
    expect(guess(`${COMPUTE}; location="/compute/"\nX-OCCI-Attribute: a=1\n`)).toEqual({ type: 'entity' });
    // The text rendering's own example (GFD.229 §6): continued lines, no ";" before class.
    expect(
      guess(`Category: compute; \\\n    scheme="${INFRA}" \\\n    class="kind";\nX-OCCI-Attribute: a="b"\n`),
    ).toEqual({ type: 'entity' });
  });

  it('a collection, categories, an action invocation', () => {
    expect(guess('X-OCCI-Location: http://x/compute/1\n')).toEqual({ type: 'collection' });
    expect(guess(`${COMPUTE}; location="/compute/"\n${SMALL}\n`)).toEqual({ type: 'categories' });
    expect(guess(`${SMALL}\n`)).toEqual({ type: 'categories' });
    const start = 'Category: start; scheme="http://x/action#"; class="action"';
    expect(guess(`${start}\n`)).toEqual({ type: 'action' });
    expect(guess(`${start}\nX-OCCI-Attribute: method="graceful"\n`)).toEqual({ type: 'action' });
    expect(guess(`${start}; title="Start"\n`)).toEqual({ type: 'categories' });
    expect(guess(`${start}\n${start.replace('start;', 'stop;')}\n`)).toEqual({ type: 'categories' });
    // text/occi: the header fields of an HTTP message.
    expect(guess(`HTTP/1.1 200 OK\r\nContent-Type: text/occi\r\n${COMPUTE}\r\n\r\nOK`)).toEqual({
      type: 'entity',
    });
  });

  it('cannot tell an entity without its kind from a partial update, nor an empty message', () => {
    const noKind = {
      cannotTell:
        'it has no Category of class "kind": as an entity it is invalid (GFD.229 §5.1.1), as a partial update (HTTP §8.3.1) it is not',
    };
    expect(guess('X-OCCI-Attribute: occi.compute.cores=2\n')).toEqual(noKind);
    expect(guess(`${SMALL}\nX-OCCI-Attribute: occi.compute.cores=2\n`)).toEqual(noKind);
    expect(guess(`Link: </network/1>; rel="${INFRA}network"\n`)).toEqual(noKind);
    expect(guess('HTTP/1.1 200 OK\r\nContent-Type: text/occi\r\n\r\nOK')).toEqual({
      cannotTell:
        'it carries no OCCI field: as an entity it lacks its Category (GFD.229 §5.1.1), as an entity collection (§5.3) or a category collection (§5.4) it is an empty one',
    });
  });
});

describe('JSON: what a message is', () => {
  const compute = `${INFRA}compute`;

  it('an entity names its kind, whatever else it has: mixins, actions, links', () => {
    expect(json({ kind: compute })).toEqual({ type: 'entity' });
    expect(json({ kind: compute, mixins: ['http://example.com/tpl#small'] })).toEqual({ type: 'entity' });
    expect(json({ kind: compute, actions: [`${INFRA.replace('#', '/compute/action#')}start`] })).toEqual({
      type: 'entity',
    });
    expect(json({ kind: compute, mixins: [], actions: [], links: [] })).toEqual({ type: 'entity' });
  });

  it('a lone kind, mixin or action names its term and scheme', () => {
    expect(json({ term: 'medium', scheme: 'http://example.com/tpl#', depends: [], applies: [] })).toEqual({
      type: 'categories',
    });
    expect(json({ term: 'compute', scheme: INFRA, actions: ['x#start'], location: '/compute/' })).toEqual({
      type: 'categories',
    });
    expect(json({ term: 'stop', scheme: 'x#', attributes: {} })).toEqual({ type: 'categories' });
  });

  it('collections by their members (JSON §3.3, §3.4), both: a model document', () => {
    for (const key of ['kinds', 'mixins', 'actions'])
      expect(json({ [key]: [] }), key).toEqual({ type: 'categories' });
    expect(json({ mixins: [{ term: 'a', scheme: 'x#', location: '/a/' }] })).toEqual({ type: 'categories' });
    expect(json({ resources: [] })).toEqual({ type: 'collection' });
    expect(json({ links: [] })).toEqual({ type: 'collection' });
    expect(json({ resources: [{ kind: compute, id: '1' }], mixins: [] })).toEqual({ type: 'model' });
    expect(json({ action: 'x#stop' })).toEqual({ type: 'action' });
  });

  it('cannot tell what names no kind: an invalid entity or a partial update', () => {
    const noKind = {
      cannotTell:
        'it names no kind: as an entity it is invalid (JSON §3.1.1 Table 1: kind, multiplicity 1), as a partial update (HTTP §8.3.1) it is not',
    };
    expect(json({ attributes: { 'occi.compute.cores': 2 } })).toEqual(noKind);
    expect(json({ mixins: ['http://example.com/tpl#small'] })).toEqual(noKind);
    expect(json({ id: 'urn:uuid:1', title: 'x' })).toEqual(noKind);
    expect(json({})).toEqual({
      cannotTell:
        'it is empty: as an entity it lacks its kind (JSON §3.1.1 Table 1), as a partial update (HTTP §8.3.1) or a collection it is an empty one',
    });
  });

  it('not OCCI: not JSON, or not an object', () => {
    expect(guess('{"kind": ', 'json')).toMatchObject({ notOcci: expect.stringMatching(/^invalid JSON: /) });
    expect(guess('[]', 'json')).toEqual({
      notOcci:
        'an OCCI JSON message is an object (JSON §3: entities, categories and collections are hashmaps); this is an array',
    });
  });

  it('the rendering: --rendering, else the Content-Type, else JSON for "{"', () => {
    expect(readMessage('GET /compute/ HTTP/1.1\nContent-Type: application/occi+json\n\n{}').format).toBe(
      'json',
    );
    expect(readMessage('{}').format).toBe('json');
    expect(readMessage('Category: x').format).toBe('plain');
    expect(readMessage('Category: x', 'occi').format).toBe('occi');
  });
});
