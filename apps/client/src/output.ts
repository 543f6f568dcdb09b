/**
 * What the commands print: a readable table (colours only on a terminal),
 * stable JSON (`--output json`), or the OCCI text rendering (`--output text`).
 */
import type { Category, Entity } from '@occi/core';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const plain: Style = {
  bold: (s) => s,
  dim: (s) => s,
  green: (s) => s,
  red: (s) => s,
  yellow: (s) => s,
  cyan: (s) => s,
};

const sgr = (open: number, close: number) => (s: string) =>
  s === '' ? s : `\x1b[${open}m${s}\x1b[${close}m`;

const coloured: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  green: sgr(32, 39),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};

/** Colours on a TTY only; `NO_COLOR` and `--no-color` turn them off, `FORCE_COLOR` on. */
export function useColour(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
  flag?: boolean,
): boolean {
  if (flag === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function styleFor(colour: boolean): Style {
  return colour ? coloured : plain;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string) => [...s.replace(ANSI, '')].length;

/** Columns separated by two spaces, the last one not padded. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  style: Style,
): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [style.bold(line(headers)), ...rows.map(line)].join('\n') + '\n';
}

/** `key  value` lines with aligned keys. */
export function keyValues(pairs: readonly (readonly [string, string])[], style: Style, indent = ''): string {
  const w = Math.max(0, ...pairs.map(([k]) => width(k)));
  return pairs.map(([k, v]) => `${indent}${style.dim(k + ' '.repeat(w - width(k)))}  ${v}`).join('\n') + '\n';
}

/** An attribute value as a table cell. */
export function cell(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r?\n/g, '\\n');
  return JSON.stringify(value);
}

/** The term of a type identifier (`compute` for `…#compute`). */
export function termOf(id: string): string {
  const hash = id.lastIndexOf('#');
  return hash >= 0 ? id.slice(hash + 1) : id;
}

/** The state of an entity: the value of its kind's `*.state` attribute (Infrastructure, Platform, SLA). */
export function stateOf(entity: Entity): string | undefined {
  for (const [name, value] of Object.entries(entity.attributes))
    if (name.endsWith('.state') && typeof value === 'string') return value;
  return undefined;
}

/** The stable JSON form of an entity (see README "JSON output"). */
export function entityJson(entity: Entity): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (entity.location !== undefined) out.location = entity.location;
  out.id = entity.id;
  out.kind = entity.kind;
  out.mixins = entity.mixins ?? [];
  if (entity.title !== undefined) out.title = entity.title;
  if (entity.summary !== undefined) out.summary = entity.summary;
  if (entity.source !== undefined) out.source = entity.source;
  if (entity.target !== undefined) out.target = entity.target;
  out.attributes = entity.attributes ?? {};
  if (entity.actions !== undefined) out.actions = entity.actions;
  if (entity.links !== undefined) out.links = entity.links.map(entityJson);
  if (entity.version !== undefined) out.version = entity.version;
  return out;
}

/** The stable JSON form of a category (the JSON rendering's vocabulary, GFD.225 §3.2, plus `class` and `id`). */
export function categoryJson(category: Category): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: category.scheme + category.term,
    class: category.class,
    scheme: category.scheme,
    term: category.term,
  };
  if (category.title !== undefined) out.title = category.title;
  if (category.class !== 'action') {
    if (category.location !== undefined) out.location = category.location;
    if (category.class === 'kind' && category.parent !== undefined) out.parent = category.parent;
    if (category.class === 'mixin') {
      out.depends = category.depends;
      out.applies = category.applies;
    }
    out.actions = category.actions;
  }
  const attributes: Record<string, unknown> = {};
  for (const [name, a] of category.attributes) {
    const d: Record<string, unknown> = { type: a.type, required: a.required, mutable: a.mutable };
    if (a.default !== undefined) d.default = a.default;
    if (a.pattern !== undefined) d.pattern = a.pattern;
    if (a.description !== undefined) d.description = a.description;
    attributes[name] = d;
  }
  out.attributes = attributes;
  return out;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
