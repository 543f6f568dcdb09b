/**
 * An entity names its kind (GFD.229 §5.1.1 `1*(Category CRLF)`; JSON
 * §3.1.1 Table 1, kind multiplicity 1; Core §5.4.1), in a collection and
 * inline too; a partial update (`--as update`, HTTP §8.3.1) need not.
 * Without `--as`, a message that names no kind is neither guessed an
 * entity nor an update: `occi parse` says it cannot tell (exit code 2).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { occi, removeCliBundle } from '../support/processes.js';

afterAll(removeCliBundle);

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const COMPUTE = `Category: compute; scheme="${INFRA}"; class="kind"`;
const SMALL = 'Category: small; scheme="http://example.com/tpl#"; class="mixin"';
const EMPTY_OCCI = 'HTTP/1.1 200 OK\r\nContent-Type: text/occi\r\n\r\nOK\r\n';
const NO_CATEGORY =
  "no Category: an entity rendering starts with 1*(Category CRLF), the entity's kind among them (GFD.229 §5.1.1)";
const NO_ID =
  'missing; JSON §3.1.1 Table 1 gives id multiplicity 1 (read as a request that leaves the id to the provider)';
const AS = 'say --as entity|update|collection|categories|action|model';

describe.concurrent('an entity without its kind is invalid', () => {
  it('text/occi: an empty header section', async () => {
    const r = await occi(['parse', '--as', 'entity'], { input: EMPTY_OCCI });
    expect(r).toEqual({
      code: 1,
      stdout: `<stdin>: ${NO_CATEGORY}\n`,
      stderr: 'occi: 1 problem in <stdin> (occi, as entity)\n',
    });
  });

  it('text/plain: a lone attribute; a mixin and no kind', async () => {
    const [lone, mixin] = await Promise.all([
      occi(['parse', '--as', 'entity'], { input: 'X-OCCI-Attribute: occi.compute.cores=2\n' }),
      occi(['parse', '--as', 'entity'], { input: `${SMALL}\nX-OCCI-Attribute: occi.compute.cores=2\n` }),
    ]);
    expect(lone).toEqual({
      code: 1,
      stdout: `<stdin>: ${NO_CATEGORY}\n`,
      stderr: 'occi: 1 problem in <stdin> (plain, as entity)\n',
    });
    expect(mixin).toEqual({
      code: 1,
      stdout:
        '<stdin>: no Category of class "kind": an entity rendering names the entity\'s kind (GFD.229 §5.1.1; Core §5.4.1: exactly one)\n',
      stderr: 'occi: 1 problem in <stdin> (plain, as entity)\n',
    });
  });

  it('JSON: {}', async () => {
    const r = await occi(['parse', '--as', 'entity'], { input: '{}' });
    expect(r).toEqual({
      code: 1,
      stdout: `<stdin> /kind: missing; an entity names its kind (JSON §3.1.1 Table 1: kind, multiplicity 1)\n<stdin> /id: warning: ${NO_ID}\n`,
      stderr: 'occi: 1 problem and 1 warning in <stdin> (json, as entity)\n',
    });
  });

  it('JSON: every entity of a collection, every inline link', async () => {
    const r = await occi(['parse'], {
      input: JSON.stringify({
        resources: [
          {
            kind: `${INFRA}compute`,
            id: 'urn:uuid:1',
            links: [
              { id: 'urn:uuid:3', source: { location: '/compute/1' }, target: { location: '/network/1' } },
            ],
          },
          { id: 'urn:uuid:2', attributes: { 'occi.compute.cores': 2 } },
        ],
        links: [
          {
            kind: `${INFRA}networkinterface`,
            source: { location: '/compute/1' },
            target: { location: '/network/1' },
          },
        ],
      }),
    });
    expect(r).toEqual({
      code: 1,
      stdout:
        '<stdin> /resources/0/links/0/kind: missing; an entity names its kind (JSON §3.1.2 Table 3: kind, multiplicity 1)\n' +
        '<stdin> /resources/1/kind: missing; an entity names its kind (JSON §3.1.1 Table 1: kind, multiplicity 1)\n' +
        '<stdin> /links/0/id: warning: missing; JSON §3.1.2 Table 3 gives id multiplicity 1 (read as a request that leaves the id to the provider)\n',
      stderr: 'occi: 2 problems and 1 warning in <stdin> (json, as collection)\n',
    });
  });

  it('text: X-OCCI-Location has no place in an entity rendering', async () => {
    const r = await occi(['parse'], {
      input: `${COMPUTE}\nX-OCCI-Attribute: occi.compute.cores=2\nX-OCCI-Location: /compute/1\n`,
    });
    expect(r).toEqual({
      code: 1,
      stdout:
        '<stdin>:3: X-OCCI-Location has no place in an entity rendering (GFD.229 §5.1: Category, Link and X-OCCI-Attribute; locations are an entity collection, §5.3)\n',
      stderr: 'occi: 1 problem in <stdin> (plain, as entity)\n',
    });
  });
});

describe.concurrent('without --as, no kind: it cannot tell an invalid entity from a partial update', () => {
  it('says so, exit code 2, for the same three messages', async () => {
    const [occiEmpty, lone, empty] = await Promise.all([
      occi(['parse'], { input: EMPTY_OCCI }),
      occi(['parse'], { input: 'X-OCCI-Attribute: occi.compute.cores=2\n' }),
      occi(['parse'], { input: '{}' }),
    ]);
    expect(occiEmpty).toEqual({
      code: 2,
      stdout: '',
      stderr: `occi: cannot tell what <stdin> is: it carries no OCCI field: as an entity it lacks its Category (GFD.229 §5.1.1), as an entity collection (§5.3) or a category collection (§5.4) it is an empty one; ${AS}\n`,
    });
    expect(lone).toEqual({
      code: 2,
      stdout: '',
      stderr: `occi: cannot tell what <stdin> is: it has no Category of class "kind": as an entity it is invalid (GFD.229 §5.1.1), as a partial update (HTTP §8.3.1) it is not; ${AS}\n`,
    });
    expect(empty).toEqual({
      code: 2,
      stdout: '',
      stderr: `occi: cannot tell what <stdin> is: it is empty: as an entity it lacks its kind (JSON §3.1.1 Table 1), as a partial update (HTTP §8.3.1) or a collection it is an empty one; ${AS}\n`,
    });
  });
});

describe.concurrent('a partial update (--as update) is any part of an entity', () => {
  it('a lone attribute, a mixin to add, {} and an empty header section are valid updates', async () => {
    const [lone, mixin, empty, occiEmpty] = await Promise.all([
      occi(['parse', '--as', 'update'], { input: 'X-OCCI-Attribute: occi.compute.cores=2\n' }),
      occi(['parse', '--as', 'update'], { input: `${SMALL}\n` }),
      occi(['parse', '--as', 'update'], { input: '{}' }),
      occi(['parse', '--as', 'update'], { input: EMPTY_OCCI }),
    ]);
    expect(lone).toEqual({ code: 0, stdout: 'X-OCCI-Attribute: occi.compute.cores=2\n', stderr: '' });
    expect(mixin).toEqual({ code: 0, stdout: `${SMALL}\n`, stderr: '' });
    expect(empty).toEqual({ code: 0, stdout: '{}\n', stderr: '' });
    expect(occiEmpty).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a JSON update is printed with the members it gives, and no id', async () => {
    const r = await occi(['parse', '--as', 'update'], {
      input: '{"attributes": {"occi.compute.cores": 4}, "title": "web"}',
    });
    expect(r).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ attributes: { 'occi.compute.cores': 4 }, title: 'web' }, null, 2)}\n`,
      stderr: '',
    });
  });

  it('an update carries no X-OCCI-Location either', async () => {
    const r = await occi(['parse', '--as', 'update'], {
      input: 'X-OCCI-Attribute: occi.compute.cores=2\nX-OCCI-Location: /compute/1\n',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:2: X-OCCI-Location has no place in an entity rendering/);
  });
});
