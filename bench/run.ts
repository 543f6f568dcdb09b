/**
 * The benchmarks: `pnpm bench` runs every case, `pnpm bench -- discovery
 * create` the named ones, `pnpm bench -- --list` lists them. Each case prints
 * its figures and the ratio to a baseline measured in the same run; the
 * table at the end is Markdown, ready for bench/RESULTS.md.
 */
import { arch, cpus, totalmem } from 'node:os';
import { action } from './cases/action.js';
import { authGet } from './cases/auth-get.js';
import { ceiling } from './cases/ceiling.js';
import { cli } from './cases/cli.js';
import { collectionStream } from './cases/collection-stream.js';
import { create } from './cases/create.js';
import { deepPage } from './cases/deep-page.js';
import { discovery } from './cases/discovery.js';
import { docker } from './cases/docker.js';
import { entityGet } from './cases/entity-get.js';
import { filteredPage } from './cases/filtered-page.js';
import { memory } from './cases/memory.js';
import { noise } from './cases/noise.js';
import { pageCost } from './cases/page-cost.js';
import { paging } from './cases/paging.js';
import { postgres } from './cases/postgres.js';
import { renderings } from './cases/renderings.js';
import { type BenchCase, formatTable, type Row, verdict } from './lib/table.js';

const CASES: BenchCase[] = [
  noise,
  ceiling,
  entityGet,
  authGet,
  discovery,
  paging,
  pageCost,
  deepPage,
  filteredPage,
  collectionStream,
  create,
  action,
  renderings,
  memory,
  cli,
  postgres,
  docker,
];

const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.includes('--list') || args.includes('--help') || args.includes('-h')) {
  console.log('usage: pnpm bench [-- case...]\n\ncases:');
  for (const c of CASES) console.log(`  ${c.name.padEnd(12)} ${c.description}`);
  process.exit(0);
}
const unknown = args.filter((a) => !CASES.some((c) => c.name === a));
if (unknown.length > 0) {
  console.error(`unknown case ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}`);
  process.exit(2);
}
const selected = args.length === 0 ? CASES : CASES.filter((c) => args.includes(c.name));

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `${process.platform}/${arch()}, Node ${process.version}`,
);

const rows: Row[] = [];
const started = Date.now();
for (const c of selected) {
  const t0 = Date.now();
  process.stdout.write(`\n${c.name}: ${c.description}\n`);
  try {
    const caseRows = await c.run();
    for (const r of caseRows)
      console.log(
        `  ${r.case}: ${r.ours} vs ${r.baseline} → ${r.ratio.toFixed(2)}× (${r.target}) ${verdict(r)}${r.note ? ` — ${r.note}` : ''}`,
      );
    rows.push(...caseRows);
  } catch (error) {
    console.error(
      `  ${c.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    rows.push({ case: c.name, ours: 'error', baseline: '—', ratio: Number.NaN, target: '—', pass: false });
  }
  console.log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(
  `\n${formatTable(rows)}\n\n${rows.filter((r) => r.pass === false).length} missed, total ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
