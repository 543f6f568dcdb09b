import { MemoryStore } from '@occi/core';
import { resourceRecord } from '@occi/core/testing';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentStore, Metrics } from '../src/operations/metrics.js';
import { RequestMetrics } from '../src/operations/request-metrics.js';

const BOUNDS = [0.001, 0.01, 0.1, 1];

/** The same observations through prom-client's labelled counter and histogram. */
function promClient(observations: [string, string, number, number][]): Promise<string> {
  const registry = new Registry();
  const requests = new Counter({
    name: 'occi_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'occi_http_request_duration_seconds',
    help: 'HTTP request latency.',
    labelNames: ['method', 'route'],
    buckets: BOUNDS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations) {
    requests.inc({ method, route, status: String(status) });
    latency.observe({ method, route }, seconds);
  }
  return registry.metrics();
}

function ours(observations: [string, string, number, number][]): string {
  const metrics = new RequestMetrics(BOUNDS);
  for (const [method, route, status, seconds] of observations)
    metrics.observe(method, route, status, seconds);
  return metrics.render();
}

describe('RequestMetrics', () => {
  it('writes what prom-client writes for the same requests, bucket bounds included', async () => {
    const observations: [string, string, number, number][] = [
      ['GET', '/compute/:entity', 200, 0.0004],
      ['GET', '/compute/:entity', 404, 0.001],
      ['GET', '/compute/:entity', 200, 0.05],
      ['GET', '/compute/:entity', 200, 12],
      ['POST', '/compute/', 201, 0.3],
    ];
    expect(ours(observations)).toBe(await promClient(observations));
  });

  it('escapes label values and keeps every series when requests interleave', async () => {
    const observations: [string, string, number, number][] = [
      ['GET', '/a/', 200, 0.002],
      ['GET', '/we"ird\\\n', 200, 0.002],
      ['GET', '/a/', 503, 2],
    ];
    const text = ours(observations);
    expect(text).toContain(
      'occi_http_requests_total{method="GET",route="/we\\"ird\\\\\\n",status="200"} 1\n',
    );
    expect(text).toContain(
      'occi_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/a/"} 2\n',
    );
    expect(text).toContain('occi_http_request_duration_seconds_bucket{le="1",method="GET",route="/a/"} 1\n');
    // The same samples as prom-client's (which orders the counter's lines by first appearance).
    const lines = (s: string) => new Set(s.split('\n'));
    expect(lines(text)).toEqual(lines(await promClient(observations)));
  });
});

describe('instrumentStore', () => {
  it('keeps every method the store has (a dropped optional one silently loses what it is for)', async () => {
    const store = new MemoryStore();
    const methods = Object.getOwnPropertyNames(MemoryStore.prototype).filter((n) => n !== 'constructor');
    const instrumented = instrumentStore(store, new Metrics());
    expect(
      methods.filter((n) => typeof (instrumented as unknown as Record<string, unknown>)[n] !== 'function'),
    ).toEqual([]);
    // And they answer what the store answers.
    await instrumented.commit([{ op: 'put', record: resourceRecord('a'), expect: 'absent' }]);
    expect(await instrumented.getWithLinks!('/compute/a')).toEqual(await store.getWithLinks('/compute/a'));
    expect(instrumented.revision!()).toBe(store.revision());
  });
});
