/**
 * Prometheus metrics through `prom-client`: its default process metrics
 * (CPU, memory, event loop lag, GC, handles — one set per process) and the
 * server's own: requests and their latency by method, bounded route and
 * status; store operation latency; failed logins, throttled logins, rate
 * limited requests, quota refusals and audited writes.
 */
import type { EntityRecord, Store } from '@occi/core';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics.js';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The process's metrics, collected once however many servers the process runs. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics {
  readonly registry = new Registry();
  /** Requests and their latency: every request passes here, so they are counted without prom-client. */
  readonly #requests = new RequestMetrics(BUCKETS);
  readonly #store = new Histogram({
    name: 'occi_store_operation_duration_seconds',
    help: 'Store operation latency.',
    labelNames: ['operation'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });
  readonly #events = new Counter({
    name: 'occi_security_events_total',
    help: 'Failed logins, throttled logins, rate-limited requests and quota refusals.',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  readonly #writes = new Counter({
    name: 'occi_audited_writes_total',
    help: 'Writes (create, update, replace, delete, action, mixin) by outcome.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    processMetrics();
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.#requests.observe(method, route, status, seconds);
  }

  storeOperation(operation: string, seconds: number): void {
    this.#store.observe({ operation }, seconds);
  }

  event(event: 'login_failed' | 'login_throttled' | 'rate_limited' | 'quota_exceeded'): void {
    this.#events.inc({ event });
  }

  write(outcome: string): void {
    this.#writes.inc({ outcome });
  }

  /** The exposition text (content type `text/plain; version=0.0.4`): the process's metrics, then ours. */
  async render(): Promise<string> {
    return `${await processMetrics().metrics()}\n${this.#requests.render()}\n${await this.registry.metrics()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
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
    ...(store.getWithLinks
      ? {
          getWithLinks: timed('getWithLinks', (l: string, owner?: string) => store.getWithLinks!(l, owner)),
        }
      : {}),
    ...(store.scan ? { scan: (q, size) => timedScan(store.scan!(q, size), metrics) } : {}),
    close: () => store.close(),
  };
}

/** A scan whose every batch read is timed as a `scan` operation; stopping it stops the store's. */
async function* timedScan(
  batches: AsyncIterable<EntityRecord[]>,
  metrics: Metrics,
): AsyncGenerator<EntityRecord[], void, undefined> {
  const iterator = batches[Symbol.asyncIterator]();
  try {
    for (;;) {
      const start = performance.now();
      const step = await iterator.next();
      metrics.storeOperation('scan', (performance.now() - start) / 1000);
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await iterator.return?.();
  }
}

const OWN_ROUTES = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);

/** A bounded route label for a request path: the collection, or the collection plus `:entity`. */
export function routeLabel(path: string, locations: ReadonlySet<string>): string {
  if (path === '/-/' || path === '/.well-known/org/ogf/occi/-/') return '/-/';
  if (OWN_ROUTES.has(path)) return path;
  // The console's files and pages: one label, whatever the file (bounded cardinality).
  if (path === '/console' || path.startsWith('/console/')) return '/console/';
  if (locations.has(path)) return path;
  const parent = path.slice(0, path.lastIndexOf('/') + 1);
  if (!path.endsWith('/') && locations.has(parent)) return `${parent}:entity`;
  return path.endsWith('/') ? 'unbound' : 'other';
}
