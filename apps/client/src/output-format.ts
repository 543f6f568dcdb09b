/**
 * `--output`: how a command prints its result. `table` and `text` are each
 * command's own; every other format is computed from what `-o json` prints
 * (the stable JSON documented in the README), so they are as stable as it:
 *
 * - `json`: that JSON; `yaml`: the same data as YAML;
 * - `name`: one name a line, for xargs — an item's `site:location` (several
 *   sites), else its `location`, else its `id`, or the item itself when it is
 *   a string;
 * - `custom-columns=HEADER:PATH,…`: a table whose cells are JSONPaths of each
 *   item; `--columns a,b` is the same with headers and paths made from names
 *   (a member of the item, an attribute, or `state`);
 * - `jsonpath=PATH`: the values a JSONPath selects, one a line (strings as
 *   they are, other values as JSON).
 *
 * The items of a result are the elements of an array, else the value itself,
 * unless the command names them (discover: its categories).
 */
import { usageError } from './exit-codes.js';
import { type JsonPath, parseJsonPath, queryJsonPath } from './jsonpath.js';
import { cell, json, type Style, table } from './output.js';

export type OutputFormat = 'table' | 'json' | 'text' | 'yaml' | 'name';
export interface Column {
  header: string;
  value(item: unknown): unknown;
}
export type OutputSpec =
  | { format: OutputFormat }
  | { format: 'custom-columns'; columns: Column[] }
  | { format: 'jsonpath'; path: JsonPath };

export const OUTPUT_NAMES = ['table', 'json', 'text', 'yaml', 'name', 'custom-columns=…', 'jsonpath=…'];
const SIMPLE: readonly OutputFormat[] = ['table', 'json', 'text', 'yaml', 'name'];

/** Splits at commas outside brackets, parentheses and quotes. */
function splitTop(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** `HEADER:PATH,…` (kubectl's custom-columns). */
function customColumns(spec: string): Column[] {
  if (spec.trim() === '')
    throw usageError('custom-columns= needs HEADER:PATH pairs, e.g. LOCATION:.location');
  return splitTop(spec).map((pair) => {
    const colon = pair.indexOf(':');
    if (colon <= 0)
      throw usageError(
        `custom-columns: "${pair}" is not HEADER:PATH (e.g. CORES:.attributes['occi.compute.cores'])`,
      );
    const path = parseJsonPath(pair.slice(colon + 1));
    return {
      header: pair.slice(0, colon),
      value: (item) => {
        const found = queryJsonPath(path, item);
        return found.length <= 1 ? found[0] : found;
      },
    };
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value of a `--columns` name in an item: a member, an attribute, or `state` (the `*.state` attribute). */
function fieldOf(item: unknown, name: string): unknown {
  if (!isRecord(item)) return undefined;
  if (Object.hasOwn(item, name)) return item[name];
  const attributes = isRecord(item.attributes) ? item.attributes : {};
  if (Object.hasOwn(attributes, name)) return attributes[name];
  if (name === 'state')
    for (const [n, v] of Object.entries(attributes))
      if (n.endsWith('.state') && typeof v === 'string') return v;
  return undefined;
}

/** `--columns location,title,occi.compute.cores`. */
export function namedColumns(names: string): OutputSpec {
  const list = names
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (list.length === 0) throw usageError('--columns needs names, e.g. --columns location,title,state');
  return {
    format: 'custom-columns',
    columns: list.map((name) => ({ header: name.toUpperCase(), value: (item) => fieldOf(item, name) })),
  };
}

/** Reads an `--output` value; throws a usage error naming the formats. */
export function parseOutput(value: string): OutputSpec {
  if ((SIMPLE as readonly string[]).includes(value)) return { format: value as OutputFormat };
  if (value.startsWith('custom-columns='))
    return { format: 'custom-columns', columns: customColumns(value.slice('custom-columns='.length)) };
  if (value.startsWith('jsonpath=')) return { format: 'jsonpath', path: parseJsonPath(value.slice(9)) };
  throw usageError(`output "${value}" is not one of ${OUTPUT_NAMES.join(', ')}`);
}

/** What the commands branch on: their own table or text, else JSON (which the other formats are made from). */
export function baseFormat(spec: OutputSpec): 'table' | 'json' | 'text' {
  return spec.format === 'table' || spec.format === 'text' ? spec.format : 'json';
}

function columnCell(value: unknown): string {
  if (value === undefined || value === null) return '<none>';
  if (Array.isArray(value)) return value.map(columnCell).join(',');
  return cell(value);
}

/** The cells of custom columns for each item. */
export function columnRows(columns: readonly Column[], items: readonly unknown[]): string[][] {
  return items.map((item) => columns.map((c) => columnCell(c.value(item))));
}

/** The name of an item for `-o name`. */
export function nameOf(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (!isRecord(item)) return undefined;
  const base =
    typeof item.location === 'string' ? item.location : typeof item.id === 'string' ? item.id : undefined;
  if (base === undefined) return undefined;
  return typeof item.site === 'string' ? `${item.site}:${base}` : base;
}

const scalar = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The result printed in a data format (all but table and text). */
export async function formatData(
  spec: OutputSpec,
  value: unknown,
  style: Style,
  items: readonly unknown[] = Array.isArray(value) ? value : [value],
): Promise<string> {
  switch (spec.format) {
    case 'yaml': {
      // CommonJS in the bundle: its exports may arrive as the namespace's default.
      const yaml = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
      return (yaml.stringify ?? yaml.default!.stringify)(value, { lineWidth: 0 });
    }
    case 'name':
      return items
        .map((item) => {
          const name = nameOf(item);
          if (name === undefined)
            throw usageError('--output name: what this command prints has no locations or ids');
          return `${name}\n`;
        })
        .join('');
    case 'custom-columns':
      return table(
        spec.columns.map((c) => c.header),
        columnRows(spec.columns, items),
        style,
      );
    case 'jsonpath':
      return queryJsonPath(spec.path, value)
        .map((v) => `${scalar(v)}\n`)
        .join('');
    default:
      return json(value);
  }
}
