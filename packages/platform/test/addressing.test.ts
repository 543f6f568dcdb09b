import { describe, expect, it } from 'vitest';
import { defaultAddressing, dnsLabel } from '../src/index.js';

describe('application addressing', () => {
  it('turns names into DNS labels', () => {
    expect(dnsLabel('My Shop!')).toBe('my-shop');
    expect(dnsLabel('  --Café  Crème--  ')).toBe('cafe-creme');
    expect(dnsLabel('!!!')).toBe('');
    expect(dnsLabel('a'.repeat(80))).toHaveLength(54);
  });

  it('makes url and context from the name and the id', () => {
    const addressing = defaultAddressing('apps.test');
    const id = 'urn:uuid:3F2A9C1D-0000-4000-8000-000000000000';
    const url = addressing.url({ name: 'Blog', id });
    expect(url).toBe('https://blog-3f2a9c1d.apps.test/');
    expect(addressing.context({ name: 'Blog', id, url })).toBe('https://blog-3f2a9c1d.apps.test/context/');
  });

  it('falls back to "app" for names without letters and hashes ids that are not UUIDs', () => {
    const url = defaultAddressing().url({ name: '***', id: 'shop' });
    expect(url).toMatch(/^https:\/\/app-[0-9a-f]{8}\.apps\.example\/$/);
    expect(defaultAddressing().url({ name: '***', id: 'shop' })).toBe(url);
    expect(defaultAddressing().url({ name: '***', id: 'shoq' })).not.toBe(url);
  });
});
