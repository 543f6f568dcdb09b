/** Starting and stopping server processes (lib/server-child.ts), and reading their resident memory. */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildSpec } from './server-child.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** How every TypeScript process of the benchmarks runs: node, the sources' export condition, tsx. */
export const NODE_TS_FLAGS = ['--conditions=@occi/source', '--import', 'tsx'];

export interface Child {
  url: string;
  pid: number;
  /** VmRSS of the process, in bytes (Linux /proc). */
  rss(): number;
  stop(): Promise<void>;
}

/** BENCH_PROFILE=<dir>: CPU profiles of the OCCI servers (summarise with lib/profile-summary.ts). */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a developer's switch, not a build input.
const PROFILE_DIR = process.env.BENCH_PROFILE;

export async function startChild(spec: ChildSpec, timeoutMs = 120_000): Promise<Child> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./server-child.ts', import.meta.url)),
    [JSON.stringify(spec)],
    {
      cwd: ROOT,
      execArgv:
        PROFILE_DIR && spec.type === 'occi'
          ? [...NODE_TS_FLAGS, '--cpu-prof', '--cpu-prof-dir', PROFILE_DIR]
          : NODE_TS_FLAGS,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server child (${spec.type}) did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { url: string }).url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server child (${spec.type}) exited with ${code} before listening`));
    });
  });
  return {
    url,
    pid: child.pid!,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The headers of a captured response worth replaying (not those fastify sets itself). */
export function replayHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers)
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
      out[name] = value;
  return out;
}

/** utime + stime of a process (Linux /proc), in µs; 0 once it is gone. */
export function processCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // Clock ticks of 10 ms (USER_HZ is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}
