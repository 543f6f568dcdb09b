/** The access log line: written by hand for speed, it must be the line pino would write. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, type Captured, inProcess } from './support/in-process.js';

let running: Captured | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** What pino writes for `info(fields, msg)` with the server logger's settings, at `time`. */
function pinoLine(fields: Record<string, unknown>, time: number, msg = 'request completed'): string {
  let written = '';
  const logger = pino(
    { level: 'info', timestamp: () => `,"time":${time}` },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    }) as unknown as pino.DestinationStream,
  );
  logger.info(fields, msg);
  return written;
}

describe('the access and audit log lines', () => {
  it('is byte for byte what pino writes for the same fields, odd characters included', async () => {
    running = await inProcess([], { 'al.ice@x': {} });
    const responses = [
      await running.server.app.inject({ url: '/healthz', headers: { 'x-request-id': 'plain' } }),
      await running.server.app.inject({
        url: '/compute/%22q%22?x=%C3%A9%22\\',
        headers: { 'x-request-id': 'r-"\\\u00e9', authorization: basic('al.ice@x') },
      }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 404]);
    const lines = running
      .text()
      .split('\n')
      .filter((l) => l.includes('"msg":"request completed"'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const { level, time, pid, hostname, msg, ...fields } = parsed;
      expect({ level, pid, hostname, msg }).toMatchObject({
        level: 30,
        pid: process.pid,
        msg: 'request completed',
      });
      expect(`${line}\n`).toBe(pinoLine(fields, time as number));
    }
    const [plain, odd] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(plain).toMatchObject({ reqId: 'plain', method: 'GET', url: '/healthz', status: 200, user: null });
    expect(odd).toMatchObject({
      reqId: 'r-"\\\u00e9',
      url: '/compute/%22q%22?x=%C3%A9%22\\',
      status: 404,
      user: 'al.ice@x',
      ip: '127.0.0.1',
    });
  });

  it("writes a write's audit line as pino would, at --log-level warn too", async () => {
    running = await inProcess(['--log-level', 'warn']);
    const created = await running.server.app.inject({
      method: 'POST',
      url: '/compute/',
      payload:
        'Category: compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"\nX-OCCI-Attribute: occi.core.title="a \\"quoted\\" é"\n',
      headers: { 'content-type': 'text/plain', 'x-request-id': 'w-1' },
    });
    expect(created.statusCode).toBe(201);
    const lines = running
      .text()
      .split('\n')
      .filter((l) => l.includes('"msg":"audit"'));
    expect(lines).toHaveLength(1);
    const { level, time, pid, hostname, msg, ...fields } = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect({ level, pid, msg, reqId: fields.reqId }).toEqual({
      level: 30,
      pid: process.pid,
      msg: 'audit',
      reqId: 'w-1',
    });
    expect(typeof hostname).toBe('string');
    expect(fields.audit).toMatchObject({
      user: 'anonymous',
      method: 'POST',
      operation: 'create',
      outcome: 'success',
      status: 201,
    });
    expect(`${lines[0]}\n`).toBe(pinoLine(fields, time as number, 'audit'));
  });
});
