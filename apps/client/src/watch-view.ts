/**
 * What `--watch` prints: the entities as `occi list` shows them, then one
 * row per change as it happens (a deleted entity's STATE is `(deleted)`),
 * columns as wide as the first rows made them. In data formats each change
 * is the entity's JSON with `event` (ADDED, MODIFIED, DELETED) first: one
 * line of JSON each (`-o json`), a YAML document each (`-o yaml`), a
 * location each (`-o name`), a row each (`custom-columns`, `--columns`).
 */
import type { Context } from './context.js';
import { usageError } from './exit-codes.js';
import { entityJson, stateOf, termOf } from './output.js';
import { columnRows, formatData } from './output-format.js';
import type { WatchEvent } from './watch.js';

const ANSI = /\x1b\[[0-9;]*m/g;
const width = (s: string) => [...s.replace(ANSI, '')].length;

function row(ctx: Context, event: WatchEvent): string[] {
  const e = event.entity;
  const s = ctx.style;
  const state = event.type === 'DELETED' ? '(deleted)' : (stateOf(e) ?? '');
  return [
    s.cyan(e.location ?? e.id),
    termOf(e.kind),
    e.title ?? '',
    state === 'error' ? s.red(state) : state,
    e.mixins.map(termOf).join(' '),
  ];
}

function line(cells: readonly string[], widths: readonly number[]): string {
  return `${cells
    .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[i]! - width(c)))))
    .join('  ')
    .trimEnd()}\n`;
}

/** A printer of watch rounds in the output format asked for. */
export function watchPrinter(ctx: Context): (events: WatchEvent[], first: boolean) => Promise<void> {
  const spec = ctx.outputSpec;
  if (spec.format === 'text')
    throw usageError('--watch prints a table or data (json, yaml, name, custom-columns, jsonpath), not text');
  let widths: number[] = [];
  return async (events, first) => {
    const items = events.map((e) => ({ event: e.type, ...entityJson(e.entity) }));
    let headers: string[];
    let rows: string[][];
    if (spec.format === 'table') {
      headers = ['LOCATION', 'KIND', 'TITLE', 'STATE', 'MIXINS'];
      rows = events.map((e) => row(ctx, e));
    } else if (spec.format === 'custom-columns') {
      headers = spec.columns.map((c) => c.header);
      rows = columnRows(spec.columns, items);
    } else {
      if (spec.format === 'json') ctx.print(items.map((i) => `${JSON.stringify(i)}\n`).join(''));
      else
        for (const item of items)
          ctx.print(`${spec.format === 'yaml' ? '---\n' : ''}${await formatData(spec, item, ctx.style)}`);
      return;
    }
    // The header once, then rows as wide as the header and the first rows made the columns.
    if (first) {
      widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
      ctx.print(ctx.style.bold(line(headers, widths).trimEnd()) + '\n');
    }
    ctx.print(rows.map((r) => line(r, widths)).join(''));
  };
}
