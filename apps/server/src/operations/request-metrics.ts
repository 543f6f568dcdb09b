/**
 * The per-request series of the metrics (`occi_http_requests_total` by
 * method, route and status; `occi_http_request_duration_seconds` by method
 * and route), counted in plain fields and written in the exposition format
 * only when scraped. Every request passes here: prom-client's labelled
 * counters hash and sort their label objects on each call, which was a
 * few per cent of a small GET; the text is what prom-client writes for the
 * same observations (tested).
 */

interface Series {
  readonly labels: string;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative): one more than the bounds, for +Inf. */
  readonly buckets: number[];
  /** Requests per status code. */
  readonly statuses: Map<number, number>;
}

/** A label value as the exposition format writes it (backslash, double quote and newline escaped). */
const labelValue = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

export class RequestMetrics {
  readonly #series = new Map<string, Series>();

  constructor(
    readonly bounds: readonly number[],
    readonly names = {
      requests: 'occi_http_requests_total',
      duration: 'occi_http_request_duration_seconds',
    },
  ) {}

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let series = this.#series.get(key);
    if (!series) {
      series = {
        labels: `method="${labelValue(method)}",route="${labelValue(route)}"`,
        count: 0,
        sum: 0,
        buckets: new Array<number>(this.bounds.length + 1).fill(0),
        statuses: new Map(),
      };
      this.#series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    series.buckets[i]!++;
    series.statuses.set(status, (series.statuses.get(status) ?? 0) + 1);
  }

  /** The two metrics in the text exposition format, each ending with a newline. */
  render(): string {
    const { requests, duration } = this.names;
    let counter = `# HELP ${requests} HTTP requests by method, route and status.\n# TYPE ${requests} counter\n`;
    let histogram = `# HELP ${duration} HTTP request latency.\n# TYPE ${duration} histogram\n`;
    for (const series of this.#series.values()) {
      for (const [status, n] of series.statuses)
        counter += `${requests}{${series.labels},status="${status}"} ${n}\n`;
      let cumulative = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        cumulative += series.buckets[i]!;
        const le = i < this.bounds.length ? String(this.bounds[i]) : '+Inf';
        histogram += `${duration}_bucket{le="${le}",${series.labels}} ${cumulative}\n`;
      }
      histogram += `${duration}_sum{${series.labels}} ${series.sum}\n`;
      histogram += `${duration}_count{${series.labels}} ${series.count}\n`;
    }
    return `${counter}\n${histogram}`;
  }
}
