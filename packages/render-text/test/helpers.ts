import { readFileSync } from 'node:fs';
import type { Extension, HeaderFields } from '@occi/core';
import { Model, OcciError } from '@occi/core';

export const BASE = 'http://example.com:8080';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export const testExtension = JSON.parse(fixture('test-extension.json')) as Extension;
export const model = Model.create([testExtension]);
export const coreModel = Model.create([]);
export const context = { model, baseUrl: BASE };

export const VM = 'http://example.com/occi/vm#vm';
export const NIC = 'http://example.com/occi/vm#nic';
export const NET = 'http://example.com/occi/vm#net';
export const SSD = 'http://example.com/occi/vm#ssd';
export const FAST_SSD = 'http://example.com/occi/vm#fast_ssd';
export const START = 'http://example.com/occi/vm/action#start';
export const STOP = 'http://example.com/occi/vm/action#stop';

/** The OcciError `fn` throws; fails the test when it throws nothing or something else. */
export function occiError(fn: () => unknown): OcciError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw new Error(`expected an OcciError, got ${String(error)}`);
  }
  throw new Error('expected an OcciError, nothing was thrown');
}

/**
 * A printed header block as an HTTP server would hand it over: folded lines
 * (starting with whitespace) joined with a space (RFC 7230 §3.2.4), names
 * lower-cased, repeated names as arrays.
 */
export function headerBlock(text: string): HeaderFields {
  const headers: Record<string, string | string[]> = {};
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && lines.length > 0) lines[lines.length - 1] += ` ${line.trim()}`;
    else lines.push(line);
  }
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    headers[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return headers;
}
