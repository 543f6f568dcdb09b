/**
 * HTTP load with autocannon, in the runner's process, against a server in a
 * child process (lib/child.ts): each side gets one of the 2 cores. Latencies
 * are taken from autocannon's per-response event in fractional milliseconds
 * (its own histogram rounds to whole ms).
 */
import autocannon from 'autocannon';
import { processCpu } from './child.js';
import { type Row, reqs } from './table.js';

export interface Load {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** A new path for every request (e.g. a different compute each time); default: the URL's path. */
  nextPath?: () => string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The server's process: its CPU time during the load is measured (steadier than req/s on a busy machine). */
  pid?: number;
  /** CPU time (µs) so far of other processes that serve the load, counted with the server's (e.g. a database cluster's). */
  extraCpu?: () => number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  latencies: number[];
  /** CPU time of the server's process (`Load.pid`, with `Load.extraCpu`) during the load, in µs. */
  cpu?: number;
}

export const rps = (r: LoadResult) => r.requests / r.seconds;
/** The server's CPU time per request, in µs (`Load.pid` given). */
export const cpuPerRequest = (r: LoadResult) => (r.cpu ?? Number.NaN) / r.requests;

/** A note with the spread of the round ratios and the CPU time per request of both sides of a `compare`. */
export function cpuNote(r: Comparison): string {
  const ours = cpuPerRequest(r.ours);
  const baseline = cpuPerRequest(r.baseline);
  return `${roundsNote(r)}; CPU a request: ${ours.toFixed(0)} µs vs ${baseline.toFixed(0)} µs (${(baseline / ours).toFixed(2)}×)`;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The CPU time so far of what serves a load: the server's process and `extraCpu`, in µs. */
const servingCpu = (l: Load) => (l.pid === undefined ? 0 : processCpu(l.pid)) + (l.extraCpu?.() ?? 0);

/** Runs one bounded load; fails when any response was not 2xx or a connection erred (the figure would lie). */
export async function load(l: Load): Promise<LoadResult> {
  const latencies: number[] = [];
  const next = l.nextPath;
  const cpuBefore = servingCpu(l);
  // Without a callback autocannon answers an instance that is also a promise of its result.
  const instance = autocannon({
    url: l.url,
    method: l.method ?? 'GET',
    connections: l.connections,
    duration: l.duration,
    headers: l.headers ?? {},
    ...(l.body !== undefined ? { body: l.body } : {}),
    ...(next
      ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: next() }) }] }
      : {}),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  let failure: string | undefined;
  instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
    if (status >= 200 && status < 300) latencies.push(time);
    else failure ??= `${l.method ?? 'GET'} ${l.url}: status ${status}`;
  });
  const result = await instance;
  if (failure) throw new Error(`benchmark load failed: ${failure}`);
  if (result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `benchmark load failed: ${result.errors} errors, ${result.timeouts} timeouts against ${l.url}`,
    );
  return {
    requests: latencies.length,
    seconds: result.duration,
    latencies,
    ...(l.pid === undefined ? {} : { cpu: servingCpu(l) - cpuBefore }),
  };
}

function merge(results: LoadResult[]): LoadResult {
  return {
    requests: results.reduce((n, r) => n + r.requests, 0),
    seconds: results.reduce((n, r) => n + r.seconds, 0),
    latencies: results.flatMap((r) => r.latencies),
    ...(results.every((r) => r.cpu !== undefined) ? { cpu: results.reduce((n, r) => n + r.cpu!, 0) } : {}),
  };
}

/** Both sides of a `compare`, and the ratio of their throughputs. */
export interface Comparison {
  baseline: LoadResult;
  ours: LoadResult;
  /**
   * The median of the rounds' throughput ratios (ours / baseline, each
   * round's pair measured back to back): on this VM the same server's
   * speed drifts by ±20 % within a minute, and a ratio of neighbours in
   * time drifts less than one of whole runs.
   */
  ratio: number;
  /** The lowest and the highest of those ratios. */
  range: [number, number];
}

/**
 * Baseline and ours in alternating rounds (after a 1 s warm-up of each), so
 * that drift on a noisy machine touches both alike. Each round lasts
 * `seconds / rounds`; the ratio is the median of the rounds' ratios.
 */
export async function compare(
  baseline: Omit<Load, 'duration'>,
  ours: Omit<Load, 'duration'>,
  seconds = 8,
  rounds = 8,
): Promise<Comparison> {
  await load({ ...baseline, duration: 1 });
  await load({ ...ours, duration: 1 });
  const b: LoadResult[] = [];
  const o: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await load({ ...baseline, duration: seconds / rounds }));
    o.push(await load({ ...ours, duration: seconds / rounds }));
  }
  const ratios = o.map((r, i) => rps(r) / rps(b[i]!)).sort((x, y) => x - y);
  const middle = ratios.length / 2;
  const ratio =
    ratios.length % 2 === 1 ? ratios[Math.floor(middle)]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
  return { baseline: merge(b), ours: merge(o), ratio, range: [ratios[0]!, ratios.at(-1)!] };
}

/** The spread of a comparison's round ratios, for a row's note. */
export const roundsNote = (r: Comparison): string =>
  `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)}× over the rounds`;

/** The table row of a throughput comparison: a target (`≥ target×` of the median round ratio) or INFO. */
export function throughputRow(
  name: string,
  r: Comparison,
  target: number | undefined,
  more: { note?: string; baseline?: string } = {},
): Row {
  return {
    case: name,
    ours: reqs(rps(r.ours)),
    baseline: `${reqs(rps(r.baseline))}${more.baseline === undefined ? '' : ` (${more.baseline})`}`,
    ratio: r.ratio,
    target: target === undefined ? '—' : `≥ ${Number.isInteger(target) ? target.toFixed(1) : target}×`,
    pass: target === undefined ? 'info' : r.ratio >= target,
    note: more.note ?? roundsNote(r),
  };
}
