/**
 * Wall time of `occi --version` and `occi list compute` (against a local
 * server holding 10 computes) against `node -e 0`, the cost of starting a
 * Node process at all: medians of 10 alternating runs. Targets ≤ 3× and ≤ 5×
 * (the ratio is ours / node -e 0: lower is better).
 *
 * The CLI measured is apps/client/dist/main.js when it is built and newer
 * than the sources; otherwise its sources bundled here with esbuild (as tsup
 * would, dependencies included) so that no TypeScript compiler is timed.
 * Without apps/client/src/main.ts the case prints "skipped: CLI not built".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, startChild } from '../lib/child.js';
import { type BenchCase, ms, type Row } from '../lib/table.js';
import { workdir } from '../lib/workdir.js';

const CLIENT = join(ROOT, 'apps/client');
const RUNS = 10;

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/** The CLI entry to time, and how it was obtained; undefined when there is no CLI. */
async function cliEntry(): Promise<{ file: string; how: string } | undefined> {
  const dist = join(CLIENT, 'dist/main.js');
  const src = join(CLIENT, 'src/main.ts');
  const works = (file: string) => {
    const r = spawnSync(process.execPath, [file, '--version'], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim() !== '';
  };
  if (
    existsSync(dist) &&
    (!existsSync(src) || statSync(dist).mtimeMs >= newest(join(CLIENT, 'src'))) &&
    works(dist)
  )
    return { file: dist, how: 'apps/client/dist' };
  if (!existsSync(src)) return undefined;
  // esbuild comes with tsx; bundle the sources (and the workspace packages' sources) like tsup does.
  const fromTsx = createRequire(realpathSync(join(ROOT, 'node_modules/tsx/package.json')));
  const esbuild = fromTsx('esbuild') as { build(options: Record<string, unknown>): Promise<unknown> };
  const { version } = createRequire(join(CLIENT, 'package.json'))('./package.json') as { version: string };
  const outdir = join(workdir(), 'cli');
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: [src],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@occi/source'],
    define: { __OCCI_VERSION__: JSON.stringify(version) },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'silent',
  });
  const file = join(outdir, 'main.js');
  return works(file) ? { file, how: 'sources bundled with esbuild' } : undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr.trim()}`);
  return t;
}

export const cli: BenchCase = {
  name: 'cli',
  description: 'occi --version and occi list compute wall time vs node -e 0',
  async run() {
    const entry = await cliEntry().catch(() => undefined);
    if (!entry)
      return ['occi --version', 'occi list compute'].map(
        (name): Row => ({
          case: name,
          ours: 'skipped: CLI not built',
          baseline: '—',
          ratio: Number.NaN,
          target: name === 'occi --version' ? '≤ 3×' : '≤ 5×',
          pass: 'skipped',
        }),
      );
    const server = await startChild({ type: 'occi', store: 'memory:', populate: 10 });
    try {
      const home = join(workdir(), 'home');
      mkdirSync(home, { recursive: true });
      // No profile of the person running the benchmark: only the endpoint.
      const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, OCCI_ENDPOINT: server.url };
      const cases = {
        node: ['-e', '0'],
        version: [entry.file, '--version'],
        list: [entry.file, 'list', 'compute'],
      };
      const times = { node: [] as number[], version: [] as number[], list: [] as number[] };
      for (const args of Object.values(cases)) timed(args, env); // warm the file cache
      for (let i = 0; i < RUNS; i++)
        for (const [k, args] of Object.entries(cases)) times[k as keyof typeof times].push(timed(args, env));
      const node = median(times.node);
      return [
        ['occi --version', median(times.version), 3],
        ['occi list compute', median(times.list), 5],
      ].map(([name, t, target]) => {
        const ratio = (t as number) / node;
        return {
          case: name as string,
          ours: ms(t as number),
          baseline: `${ms(node)} (node -e 0)`,
          ratio,
          target: `≤ ${target}×`,
          pass: ratio <= (target as number),
          note: `median of ${RUNS}, ${entry.how}`,
        };
      });
    } finally {
      await server.stop();
    }
  },
};
