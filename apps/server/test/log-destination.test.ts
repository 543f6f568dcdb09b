/** The batched log destination: lines in order, written in batches, out on flush, on a timer and synchronously. */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchedDestination } from '../src/log-destination.js';

const opened: number[] = [];
afterEach(() => {
  for (const fd of opened.splice(0)) closeSync(fd);
});

async function logFile(): Promise<{ path: string; fd: number }> {
  const path = join(await mkdtemp(join(tmpdir(), 'occi-log-')), 'log');
  const fd = openSync(path, 'w');
  opened.push(fd);
  return { path, fd };
}

const line = (i: number) => `{"n":${i},"msg":"${'x'.repeat(40)}"}\n`;
const flushed = (d: BatchedDestination) => new Promise<void>((resolve) => d.flush(resolve));

describe('BatchedDestination', () => {
  it('keeps lines until minBytes are waiting, then writes them in one batch, in order', async () => {
    const { path, fd } = await logFile();
    const d = new BatchedDestination({ fd, minBytes: 1000, flushMs: 60_000 });
    for (let i = 0; i < 10; i++) d.write(line(i));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(path, 'utf8')).toBe('');
    for (let i = 10; i < 100; i++) d.write(line(i));
    await flushed(d);
    expect(readFileSync(path, 'utf8')).toBe(Array.from({ length: 100 }, (_, i) => line(i)).join(''));
  });

  it('writes a quiet server’s lines after flushMs', async () => {
    const { path, fd } = await logFile();
    const d = new BatchedDestination({ fd, minBytes: 1 << 20, flushMs: 20 });
    d.write(line(1));
    await expect.poll(() => readFileSync(path, 'utf8'), { timeout: 2000, interval: 10 }).toBe(line(1));
  });

  it('flushSync writes what waits at once, and a write under way is not written twice', async () => {
    const { path, fd } = await logFile();
    const d = new BatchedDestination({ fd, minBytes: 100, flushMs: 60_000 });
    const lines = Array.from({ length: 50 }, (_, i) => line(i));
    for (const l of lines) d.write(l);
    d.flushSync();
    expect(readFileSync(path, 'utf8')).toContain(lines.slice(2).join(''));
    await flushed(d);
    const written = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    expect(written.sort()).toEqual(lines.map((l) => l.trimEnd()).sort());
  });

  it('calls a flush callback at once when nothing waits', async () => {
    const { fd } = await logFile();
    const d = new BatchedDestination({ fd, flushMs: 60_000 });
    let called = false;
    d.flush(() => {
      called = true;
    });
    expect(called).toBe(true);
  });
});
