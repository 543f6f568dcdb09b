/**
 * The functions with the most self time in a V8 CPU profile (`node --cpu-prof`):
 *
 *   BENCH_PROFILE=/tmp/prof pnpm bench -- entity
 *   node bench/lib/profile-summary.ts /tmp/prof/CPU.*.cpuprofile   (or with --import tsx)
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  console.log(`${file}: ${total} samples`);
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
}
