/**
 * What tells two definitions of one user mixin apart (HTTP §7.3): a
 * definition posted again is the same mixin when nothing here differs.
 */
import type { AttributeSpec } from '../attribute.js';
import type { MixinDefinition } from '../extension-document.js';

const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));

const sameJson = (a: unknown, b: unknown): boolean => show(canonical(a)) === show(canonical(b));

/** A JSON value with its object members sorted, so that member order does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** `depends`, `applies` and `actions` are sets: their order does not count. */
function sameSet(a: readonly string[] = [], b: readonly string[] = []): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}

const PROPERTIES = ['type', 'mutable', 'required', 'pattern', 'default', 'description'] as const;

/** The properties two definitions of one attribute differ in, as `property (there, here)`. */
function attributeDifferences(name: string, there: AttributeSpec, here: AttributeSpec): string[] {
  const out: string[] = [];
  for (const p of PROPERTIES)
    if (!sameJson(there[p], here[p]))
      out.push(`attribute ${name} ${p} (${show(there[p])} there, ${show(here[p])} here)`);
  return out;
}

/**
 * How `here` (a definition posted now) differs from `there` (the one
 * stored), one entry per difference; empty when they define the same
 * mixin. A `here` without a location leaves the provider's choice as it is.
 */
export function definitionDifferences(there: MixinDefinition, here: MixinDefinition): string[] {
  const out: string[] = [];
  if (there.title !== here.title) out.push(`title (${show(there.title)} there, ${show(here.title)} here)`);
  if (here.location !== undefined && here.location !== there.location)
    out.push(`location (${show(there.location)} there, ${show(here.location)} here)`);
  for (const key of ['depends', 'applies', 'actions'] as const)
    if (!sameSet(there[key], here[key]))
      out.push(`${key} (${show(there[key] ?? [])} there, ${show(here[key] ?? [])} here)`);
  const attributes = { there: there.attributes ?? {}, here: here.attributes ?? {} };
  const names = new Set([...Object.keys(attributes.there), ...Object.keys(attributes.here)]);
  for (const name of names) {
    const a = attributes.there[name];
    const b = attributes.here[name];
    if (a === undefined) out.push(`attribute ${name} (not there, defined here)`);
    else if (b === undefined) out.push(`attribute ${name} (defined there, not here)`);
    else out.push(...attributeDifferences(name, a, b));
  }
  return out;
}
