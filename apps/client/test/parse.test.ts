/**
 * `occi parse`: one OCCI message in each rendering, from a file or stdin;
 * normalised when valid (exit 0), each problem with its line otherwise (exit 1).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { detectType, readMessage } from '../src/parse-message.js';
import { occi, removeCliBundle } from './support/processes.js';

afterAll(removeCliBundle);

const COMPUTE = 'Category: compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"';

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
      stdout: `Category: ${COMPUTE.slice('Category: '.length)}\nX-OCCI-Attribute: occi.core.id="abc", occi.compute.cores=2\n`,
      stderr: '',
    });
    const bad = await occi(['parse', '--rendering', 'occi'], { input: 'Category: compute\r\n\r\n' });
    expect(bad).toEqual({
      code: 1,
      stdout: '<stdin>:1: header field "category": Category compute has no scheme\n',
      stderr: 'occi: 1 problem in <stdin> (occi, as categories)\n',
    });
  });

  it('JSON: a collection normalised, a wrong type reported with its pointer, --output json', async () => {
    const valid = await occi(['parse', '--output', 'json'], {
      input: JSON.stringify({
        action: 'http://schemas.ogf.org/occi/infrastructure/compute/action#stop',
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
    });
    const invalid = await occi(['parse'], {
      input: '{"kind": "http://schemas.ogf.org/occi/infrastructure#compute", "id": 3}',
    });
    expect(invalid).toEqual({
      code: 1,
      stdout: '<stdin> /id: /id: expected a string, got a number\n',
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
    expect(as.stderr).toBe('occi: --as "thing" is not one of entity, collection, categories, action\n');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^occi: cannot read \/nonexistent\/message\.txt: ENOENT/);
  });
});

describe('what a message is', () => {
  it('is guessed from its content', () => {
    expect(detectType(readMessage(`${COMPUTE}\nX-OCCI-Attribute: a=1\n`))).toBe('entity');
    expect(detectType(readMessage('X-OCCI-Location: http://x/compute/1\n'))).toBe('collection');
    expect(detectType(readMessage('Category: start; scheme="http://x/action#"; class="action"\n'))).toBe(
      'action',
    );
    expect(
      detectType(
        readMessage(`${COMPUTE}; location="/compute/"\nCategory: small; scheme="http://x#"; class="mixin"\n`),
      ),
    ).toBe('categories');
    expect(detectType(readMessage('{"kinds": []}'))).toBe('categories');
    expect(detectType(readMessage('{"resources": []}'))).toBe('collection');
    expect(readMessage('GET /compute/ HTTP/1.1\nContent-Type: application/occi+json\n\n{}').format).toBe(
      'json',
    );
  });
});
