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
  // Inclusive time: a node's samples plus its descendants' (a function counted once per call path).
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const inclusive = new Map<string, number>();
  const walk = (id: number, onPath: Set<string>): number => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/')}:${lineNumber + 1}`;
    const fresh = !onPath.has(key);
    if (fresh) onPath.add(key);
    let n = hits.get(id) ?? 0;
    for (const child of node.children ?? []) n += walk(child, onPath);
    if (fresh) {
      onPath.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + n);
    }
    return n;
  };
  walk(profile.nodes[0]!.id, new Set());
  const top = (m: Map<string, number>, label: string, filter = (_k: string) => true) => {
    console.log(`${file}: ${total} samples, ${label}`);
    for (const [key, n] of [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30))
      console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${key}`);
  };
  top(self, 'self time');
  top(inclusive, 'total time of our code', (k) => / (packages|apps)\//.test(k));
}
