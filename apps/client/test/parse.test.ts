/**
 * `occi parse`: one OCCI message in each rendering, from a file or stdin;
 * normalised when valid (exit 0), with its warnings on stderr when
 * non-conformant but unambiguous (exit 9; `--strict`: exit 1), each problem
 * with its line otherwise (exit 1). More in test/parse/.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { occi, removeCliBundle } from './support/processes.js';

afterAll(removeCliBundle);

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const COMPUTE = `Category: compute; scheme="${INFRA}"; class="kind"`;
const NO_ID =
  'missing; JSON §3.1.1 Table 1 gives id multiplicity 1 (read as a request that leaves the id to the provider)';

describe.concurrent('occi parse', () => {
  it('text/plain: a valid entity is printed normalised (lenient 1.1 quoting accepted)', async () => {
    const r = await occi(['parse'], {
      input: `${COMPUTE}\nX-OCCI-Attribute: occi.core.id=abc\nX-OCCI-Attribute:   occi.compute.cores=2\n`,
    });
    expect(r).toEqual({
      code: 0,
      stdout: `${COMPUTE}\nX-OCCI-Attribute: occi.core.id="abc"\nX-OCCI-Attribute: occi.compute.cores=2\n`,
      stderr: '',
    });
  });

  it('text/plain: every problem with its line, exit code 1', async () => {
    const r = await occi(['parse', '--rendering', 'plain', '--as', 'entity'], {
      input: `${COMPUTE}\nX-OCCI-Attribute: occi.compute.cores=2\nX-OCCI-Attribute: occi.core.title='x y'\nX-OCCI-Attribute occi.compute.memory=2\n`,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      '<stdin>:3: unexpected "y\'" after an attribute value; expected "," or the end of the field\n' +
        '<stdin>:4: expected "Name: value", found "X-OCCI-Attribute occi.compute.memory=2"\n',
    );
    expect(r.stderr).toBe('occi: 2 problems in <stdin> (plain, as entity)\n');
  });

  it('text/occi: the raw HTTP response headers; the Content-Type chooses the rendering', async () => {
    const message = `HTTP/1.1 200 OK\r\nContent-Type: text/occi\r\n${COMPUTE}\r\nX-OCCI-Attribute: occi.core.id="abc", occi.compute.cores=2\r\n\r\nOK\r\n`;
    const r = await occi(['parse'], { input: message });
    expect(r).toEqual({
      code: 0,
      stdout: `${COMPUTE}\nX-OCCI-Attribute: occi.core.id="abc", occi.compute.cores=2\n`,
      stderr: '',
    });
    const bad = await occi(['parse', '--rendering', 'occi'], { input: 'Category: compute\r\n\r\n' });
    expect(bad).toEqual({
      code: 1,
      stdout: '<stdin>:1: header field "category": Category compute has no scheme\n',
      stderr: 'occi: 1 problem in <stdin> (occi, as categories)\n',
    });
  });

  it('JSON: an action normalised, a wrong type reported with its pointer, --output json', async () => {
    const valid = await occi(['parse', '--output', 'json'], {
      input: JSON.stringify({
        action: `${INFRA.replace('#', '/compute/action#')}stop`,
        attributes: { method: 'graceful' },
      }),
    });
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({
      valid: true,
      rendering: 'json',
      as: 'action',
      message: {
        action: 'http://schemas.ogf.org/occi/infrastructure/compute/action#stop',
        attributes: { method: 'graceful' },
      },
      problems: [],
      warnings: [],
    });
    const invalid = await occi(['parse'], { input: `{"kind": "${INFRA}compute", "id": 3}` });
    expect(invalid).toEqual({
      code: 1,
      stdout: '<stdin> /id: expected a string, got a number\n',
      stderr: 'occi: 1 problem in <stdin> (json, as entity)\n',
    });
  });

  it('usage: an empty message, an unknown --as, a missing file', async () => {
    const [empty, as, missing] = await Promise.all([
      occi(['parse'], { input: '' }),
      occi(['parse', '--as', 'thing'], { input: 'x' }),
      occi(['parse', '/nonexistent/message.txt']),
    ]);
    expect(empty).toEqual({
      code: 2,
      stdout: '',
      stderr: 'occi: <stdin> is empty: there is no message to parse\n',
    });
    expect(as).toEqual({
      code: 2,
      stdout: '',
      stderr: 'occi: --as "thing" is not one of entity, update, collection, categories, action, model\n',
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^occi: cannot read \/nonexistent\/message\.txt: ENOENT/);
  });
});

describe.concurrent('occi parse: valid, valid with warnings, invalid', () => {
  const entity = { kind: `${INFRA}compute`, attributes: { 'occi.compute.cores': 2 } };

  it('a warning: the message normalised on stdout, the warning on stderr, exit code 9', async () => {
    const r = await occi(['parse'], { input: JSON.stringify(entity) });
    expect(r.code).toBe(9);
    expect(r.stdout).toBe(
      `${JSON.stringify({ kind: entity.kind, mixins: [], attributes: entity.attributes, actions: [], links: [] }, null, 2)}\n`,
    );
    expect(r.stderr).toBe(`<stdin> /id: warning: ${NO_ID}\nocci: 1 warning in <stdin> (json, as entity)\n`);
  });

  it('--strict: the warning is a problem, exit code 1', async () => {
    const r = await occi(['parse', '--strict'], { input: JSON.stringify(entity) });
    expect(r).toEqual({
      code: 1,
      stdout: `<stdin> /id: ${NO_ID}\n`,
      stderr: 'occi: 1 problem in <stdin> (json, as entity)\n',
    });
  });

  it('--output json: warnings apart from problems; --strict moves them', async () => {
    const [lenient, strict] = await Promise.all([
      occi(['parse', '--output', 'json'], { input: JSON.stringify(entity) }),
      occi(['parse', '--output', 'json', '--strict'], { input: JSON.stringify(entity) }),
    ]);
    const warning = { code: 'other', message: NO_ID, pointer: '/id' };
    expect(lenient.code).toBe(9);
    expect(JSON.parse(lenient.stdout)).toEqual({
      valid: true,
      rendering: 'json',
      as: 'entity',
      message: entity,
      problems: [],
      warnings: [warning],
    });
    expect(lenient.stderr).toBe('occi: 1 warning in <stdin> (json, as entity)\n');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toEqual({
      valid: false,
      rendering: 'json',
      as: 'entity',
      problems: [warning],
      warnings: [],
    });
  });

  it('what the text rendering read although GFD.229 does not allow it: a warning at its line', async () => {
    const input = `${COMPUTE}\nX-OCCI-Attribute: occi.core.id="a"\nLink: </network/1>; rel="${INFRA}network"\n`;
    const [lenient, strict] = await Promise.all([
      occi(['parse'], { input }),
      occi(['parse', '--strict'], { input }),
    ]);
    expect(lenient.code).toBe(9);
    expect(lenient.stdout).toBe(
      `${COMPUTE}\nLink: </network/1>; rel="${INFRA}network"; category="http://schemas.ogf.org/occi/core#link"; occi.core.target="/network/1"; occi.core.target.kind="${INFRA}network"\nX-OCCI-Attribute: occi.core.id="a"\n`,
    );
    // The wording is the rendering's (§5.1: Category, then Link, then X-OCCI-Attribute).
    expect(lenient.stderr).toMatch(
      /^<stdin>:3: warning: Link after X-OCCI-Attribute [^\n]*\nocci: 1 warning in <stdin> \(plain, as entity\)\n$/,
    );
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^<stdin>:3: Link after X-OCCI-Attribute [^\n]*\n$/);
    expect(strict.stderr).toBe('occi: 1 problem in <stdin> (plain, as entity)\n');
  });

  it('an invalid message lists its problems, then its warnings', async () => {
    const r = await occi(['parse', '--as', 'entity'], { input: '{"attributes": {"occi.compute.cores": 2}}' });
    expect(r).toEqual({
      code: 1,
      stdout:
        '<stdin> /kind: missing; an entity names its kind (JSON §3.1.1 Table 1: kind, multiplicity 1)\n' +
        `<stdin> /id: warning: ${NO_ID}\n`,
      stderr: 'occi: 1 problem and 1 warning in <stdin> (json, as entity)\n',
    });
  });

  it('the help names the message types and the exit codes', async () => {
    const r = await occi(['parse', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--strict');
    expect(r.stdout).toContain(
      'Exit codes: 0 valid; 9 valid with warnings (non-conformant but unambiguous, e.g. a JSON\n' +
        'entity without its id; --strict makes them problems); 1 invalid; 2 usage, or what the\n' +
        'message is cannot be told.',
    );
    for (const type of ['entity', 'update', 'collection', 'categories', 'action', 'model'])
      expect(r.stdout).toMatch(new RegExp(`\\n {2}${type} +\\S`));
  });
});

describe.concurrent('occi parse: text output writes only the ids the message has', () => {
  const LINK = `Link: </network/1>; rel="${INFRA}network"; category="${INFRA}networkinterface"`;
  const written = `${LINK}; occi.core.target="/network/1"; occi.core.target.kind="${INFRA}network"; occi.networkinterface.interface="eth0"`;

  it('text/plain: an entity and its inline link without occi.core.id', async () => {
    const r = await occi(['parse'], {
      input: `${COMPUTE}\n${LINK}; occi.networkinterface.interface="eth0"\nX-OCCI-Attribute: occi.compute.cores=2\n`,
    });
    expect(r).toEqual({
      code: 0,
      stdout: `${COMPUTE}\n${written}\nX-OCCI-Attribute: occi.compute.cores=2\n`,
      stderr: '',
    });
  });

  it('text/occi: the same, in header fields', async () => {
    const r = await occi(['parse', '--rendering', 'occi'], {
      input: `${COMPUTE}\r\n${LINK}; occi.networkinterface.interface="eth0"\r\nX-OCCI-Attribute: occi.compute.cores=2\r\n`,
    });
    expect(r).toEqual({
      code: 0,
      stdout: `${COMPUTE}\n${written}\nX-OCCI-Attribute: occi.compute.cores=2\n`,
      stderr: '',
    });
  });

  it('an inline link with its id keeps it', async () => {
    const r = await occi(['parse'], {
      input: `${COMPUTE}\n${LINK}; occi.core.id="urn:uuid:1"\nX-OCCI-Attribute: occi.core.id="urn:uuid:2"\n`,
    });
    expect(r).toEqual({
      code: 0,
      stdout: `${COMPUTE}\n${LINK}; occi.core.id="urn:uuid:1"; occi.core.target="/network/1"; occi.core.target.kind="${INFRA}network"\nX-OCCI-Attribute: occi.core.id="urn:uuid:2"\n`,
      stderr: '',
    });
  });

  it('a partial update is written as the request it is', async () => {
    const r = await occi(['parse', '--as', 'update'], { input: 'X-OCCI-Attribute: occi.compute.cores=4\n' });
    expect(r).toEqual({ code: 0, stdout: 'X-OCCI-Attribute: occi.compute.cores=4\n', stderr: '' });
  });
});
