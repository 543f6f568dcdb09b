/**
 * Prometheus metrics in the text exposition format: request counts and
 * latencies by route and status, and store operation latencies.
 */
import type { Store } from '@occi/core';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  sum = 0;
  count = 0;
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) this.counts[i]!++;
  }
}

function histogramOf(map: Map<string, Histogram>, key: string): Histogram {
  let h = map.get(key);
  if (!h) {
    h = new Histogram();
    map.set(key, h);
  }
  return h;
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #store = new Map<string, Histogram>();
  /** The label set of each method and route, escaped once. */
  readonly #labels = new Map<string, string>();

  request(method: string, route: string, status: number, seconds: number): void {
    const id = `${method} ${route}`;
    let labels = this.#labels.get(id);
    if (labels === undefined) {
      labels = `method="${label(method)}",route="${label(route)}"`;
      this.#labels.set(id, labels);
    }
    const key = `${labels},status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    histogramOf(this.#latency, labels).observe(seconds);
  }

  storeOperation(operation: string, seconds: number): void {
    const key = `operation="${label(operation)}"`;
    histogramOf(this.#store, key).observe(seconds);
  }

  /** The exposition text (content type `text/plain; version=0.0.4`). */
  render(): string {
    const lines: string[] = [
      '# HELP occi_http_requests_total HTTP requests by method, route and status.',
      '# TYPE occi_http_requests_total counter',
    ];
    for (const [k, v] of this.#requests) lines.push(`occi_http_requests_total{${k}} ${v}`);
    const histogram = (name: string, help: string, map: Map<string, Histogram>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const [k, h] of map) {
        for (const [i, b] of BUCKETS.entries()) lines.push(`${name}_bucket{${k},le="${b}"} ${h.counts[i]}`);
        lines.push(
          `${name}_bucket{${k},le="+Inf"} ${h.count}`,
          `${name}_sum{${k}} ${h.sum}`,
          `${name}_count{${k}} ${h.count}`,
        );
      }
    };
    histogram('occi_http_request_duration_seconds', 'HTTP request latency.', this.#latency);
    histogram('occi_store_operation_duration_seconds', 'Store operation latency.', this.#store);
    const memory = process.memoryUsage();
    lines.push(
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
    );
    return `${lines.join('\n')}\n`;
  }
}

/** A store that reports the latency of every operation. */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  const timed =
    <A extends unknown[], R>(operation: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        metrics.storeOperation(operation, (performance.now() - start) / 1000);
      }
    };
  return {
    get: timed('get', (l: string) => store.get(l)),
    getById: timed('getById', (id: string) => store.getById(id)),
    query: timed('query', (q: Parameters<Store['query']>[0]) => store.query(q)),
    commit: timed('commit', (w: Parameters<Store['commit']>[0]) => store.commit(w)),
    mixins: timed('mixins', (owner?: string) => store.mixins(owner)),
    ...(store.watchMixins ? { watchMixins: (listener: () => void) => store.watchMixins!(listener) } : {}),
    ...(store.revision ? { revision: () => store.revision!() } : {}),
    close: () => store.close(),
  };
}

/** A bounded route label for a request path: the collection, or the collection plus `:entity`. */
export function routeLabel(path: string, locations: ReadonlySet<string>): string {
  if (path === '/-/' || path === '/.well-known/org/ogf/occi/-/') return '/-/';
  if (locations.has(path)) return path;
  const parent = path.slice(0, path.lastIndexOf('/') + 1);
  if (!path.endsWith('/') && locations.has(parent)) return `${parent}:entity`;
  return path.endsWith('/') ? 'unbound' : 'other';
}
