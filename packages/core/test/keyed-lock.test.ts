import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../src/keyed-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedLock (internal: per-entity write queue of the reference provider)', () => {
  it('runs work of one key one at a time, in call order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string) =>
      lock.run('k', async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        return name;
      });
    expect(await Promise.all([job('a'), job('b'), job('c')])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(lock.size).toBe(0);
  });

  it('runs different keys concurrently', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (key: string) =>
      lock.run(key, async () => {
        log.push(`start ${key}`);
        await tick();
        log.push(`end ${key}`);
      });
    const both = Promise.all([job('x'), job('y')]);
    expect(lock.size).toBe(2);
    await both;
    expect(log.slice(0, 2)).toEqual(['start x', 'start y']);
  });

  it('a failing job releases the key and rejects only its caller', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
    expect(lock.size).toBe(0);
  });
});
