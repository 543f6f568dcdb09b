/** One line of the results table, and how the runner prints it. */
export interface Row {
  case: string;
  /** Our figure, already formatted with its unit (e.g. "12,345 req/s"). */
  ours: string;
  /** The baseline's figure, measured in the same run. */
  baseline: string;
  /** ours / baseline for throughput, baseline / ours for latency and time: higher is better when the target says ≥. */
  ratio: number;
  /** e.g. "≥ 0.8×", "≤ 1.5×", "≤ 250 MiB". */
  target: string;
  /** `info`: a measurement without a target (e.g. the ceiling the other cases are up against). */
  pass: boolean | 'skipped' | 'info';
  /** A short remark (what the baseline is, why a case was skipped). */
  note?: string;
}

export interface BenchCase {
  /** The name given on the command line (`pnpm bench -- discovery`). */
  name: string;
  /** One line for `pnpm bench -- --list`. */
  description: string;
  run(): Promise<Row[]>;
}

const group = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const reqs = (n: number) => `${group(n)} req/s`;
export const ops = (n: number) => `${group(n)} op/s`;
export const ms = (n: number) => `${group(n, n < 10 ? 2 : 1)} ms`;
export const mib = (bytes: number) => `${group(bytes / 2 ** 20, 1)} MiB`;

export function verdict(row: Row): string {
  if (row.pass === 'skipped') return 'SKIP';
  if (row.pass === 'info') return 'INFO';
  return row.pass ? 'PASS' : 'MISS';
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}

/** A fixed-width table, one row per case, for a terminal and for RESULTS.md alike (it is Markdown). */
export function formatTable(rows: readonly Row[]): string {
  const header = ['case', 'ours', 'baseline', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [r.case, r.ours, r.baseline, formatRatio(r.ratio), r.target, verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}
