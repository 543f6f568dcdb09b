/**
 * Micro-benchmarks of functions against a baseline in the same process,
 * steady on a shared machine. Each function runs for a short slice in turn,
 * round after round, so that ours and its baseline see the same load; time
 * is this process's CPU time (`process.cpuUsage`), so the moments the
 * process waits for a core count for neither; the ratio of a pair is the
 * median over the rounds of the ratio within one round. (tinybench ran each
 * function for 1.5 s in a row: a neighbour starting between two of them
 * moved a ratio from 0.46× to 0.24×.)
 */

export interface InterleaveOptions {
  /** Rounds measured after the warm-up (default 15). */
  rounds?: number;
  /** Wall-clock length of one function's slice in a round (default 60 ms). */
  sliceMs?: number;
  /** Warm-up of each function before the rounds, in turn (default 300 ms). */
  warmupMs?: number;
}

export interface Interleaved {
  /** The median over the rounds of a function's operations per second of CPU time. */
  hz(name: string): number;
  /** The median over the rounds of hz(ours) / hz(baseline), both measured in the same round. */
  ratio(ours: string, baseline: string): number;
  /** Rounds measured. */
  readonly rounds: number;
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** Runs `f` for about `ms` of wall time; returns operations per second of CPU time. */
function slice(f: () => unknown, ms: number): number {
  let n = 0;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  do {
    for (let i = 0; i < 20; i++) f();
    n += 20;
  } while (performance.now() - wall < ms);
  return n / (Math.max(1, cpuMicros(cpu)) / 1e6);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Measures every function of `fns` in interleaved rounds (see above). */
export function interleave(
  fns: Readonly<Record<string, () => unknown>>,
  options: InterleaveOptions = {},
): Interleaved {
  const rounds = options.rounds ?? 15;
  const sliceMs = options.sliceMs ?? 60;
  const warmupMs = options.warmupMs ?? 300;
  const names = Object.keys(fns);
  for (const name of names) slice(fns[name]!, warmupMs);
  const perRound: Record<string, number>[] = [];
  for (let r = 0; r < rounds; r++) {
    const round: Record<string, number> = {};
    // Alternate the order so that no function always follows the same one.
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) round[name] = slice(fns[name]!, sliceMs);
    perRound.push(round);
  }
  const known = (name: string) => {
    if (!(name in fns)) throw new Error(`no function "${name}" was measured`);
  };
  return {
    rounds,
    hz(name) {
      known(name);
      return median(perRound.map((round) => round[name]!));
    },
    ratio(ours, baseline) {
      known(ours);
      known(baseline);
      return median(perRound.map((round) => round[ours]! / round[baseline]!));
    },
  };
}
