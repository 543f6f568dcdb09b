/** The audit trail: one structured line per write, naming the user, method, locations, outcome and request id. */
import { afterEach, describe, expect, it } from 'vitest';
import { basic, type Captured, inProcess } from './support/in-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const ACTION = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
let running: Captured | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('the audit trail', () => {
  it('writes one line per write with user, method, locations, outcome and request id; none for reads', async () => {
    running = await inProcess([], { alice: {}, root: { admin: true } });
    const { server } = running;
    const call = (user: string | undefined, method: string, url: string, body = '', id?: string) =>
      server.app.inject({
        method: method as 'POST',
        url,
        payload: body,
        headers: {
          'content-type': 'text/plain',
          accept: 'text/plain',
          ...(user ? { authorization: basic(user) } : {}),
          ...(id ? { 'x-request-id': id } : {}),
        },
      });
    const create = await call(
      'alice',
      'POST',
      '/compute/',
      `Category: compute; scheme="${INFRA}"; class="kind"\n`,
      'w1',
    );
    expect(create.statusCode).toBe(201);
    const vm = new URL(create.headers.location as string).pathname;
    await call('alice', 'POST', vm, 'X-OCCI-Attribute: occi.core.title="web"\n', 'w2');
    await call('alice', 'PUT', vm, `Category: compute; scheme="${INFRA}"; class="kind"\n`, 'w3');
    await call(
      'alice',
      'POST',
      `${vm}?action=start`,
      `Category: start; scheme="${ACTION}"; class="action"\n`,
      'w4',
    );
    const mixin =
      'Category: tag; scheme="http://example.com/alice#"; class="mixin"; location="/alice_tag/"\n';
    await call('alice', 'POST', '/-/', mixin, 'w5');
    await call('alice', 'POST', '/alice_tag/', `X-OCCI-Location: ${vm}\n`, 'w6');
    await call('alice', 'POST', '/compute/', 'X-OCCI-Attribute: occi.compute.cores=2\n', 'w7');
    await call(undefined, 'DELETE', vm, '', 'w8');
    await call('root', 'DELETE', vm, '', 'w9');
    await call('alice', 'GET', '/compute/', '', 'r1');

    const audit = running
      .lines()
      .filter((l) => l.msg === 'audit')
      .map((l) => ({ reqId: l.reqId, ...(l.audit as Record<string, unknown>) }) as Record<string, unknown>);
    expect(audit.map((a) => a.reqId)).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9']);
    expect(audit[0]).toEqual({
      reqId: 'w1',
      user: 'alice',
      method: 'POST',
      url: '/compute/',
      operation: 'create',
      locations: [vm],
      outcome: 'success',
      status: 201,
    });
    expect(audit.map((a) => [a.operation, a.outcome, a.status])).toEqual([
      ['create', 'success', 201],
      ['update', 'success', 200],
      ['replace', 'success', 200],
      ['action', 'success', 200],
      ['define-mixins', 'success', 200],
      ['associate', 'success', 200],
      ['none', 'refused', 400],
      ['none', 'refused', 401],
      ['delete', 'success', 200],
    ]);
    expect(audit[3]!.locations).toEqual([`${ACTION}start on ${vm}`]);
    expect(audit[4]!.locations).toEqual(['http://example.com/alice#tag at /alice_tag/']);
    expect(audit[5]!.locations).toEqual(['http://example.com/alice#tag', vm]);
    expect(audit[6]!.reason ?? '').toMatch(/kind/);
    expect(audit[7]).toMatchObject({
      user: null,
      reason: 'authentication required: send an Authorization header',
    });
    expect(audit[8]).toMatchObject({ user: 'root', admin: true, locations: [vm] });
    // The request log names the user too.
    const requestLine = running.lines().find((l) => l.msg === 'request completed' && l.reqId === 'r1');
    expect(requestLine).toMatchObject({ user: 'alice', method: 'GET', status: 200 });
  });

  it('still writes audit lines at --log-level warn', async () => {
    running = await inProcess(['--log-level', 'warn']);
    await running.server.app.inject({
      method: 'POST',
      url: '/compute/',
      payload: `Category: compute; scheme="${INFRA}"; class="kind"\n`,
      headers: { 'content-type': 'text/plain' },
    });
    const lines = running.lines();
    expect(lines.filter((l) => l.msg === 'request completed')).toEqual([]);
    expect(lines.filter((l) => l.msg === 'audit')).toHaveLength(1);
  });
});
