/**
 * Runs the occi CLI and the occi-server app as child processes. The CLI
 * runs from its sources: bundled once per test file from src/ (and the
 * workspace packages' sources, through the "@occi/source" condition) into a
 * temporary directory — node then starts it in a tenth of the time tsx
 * needs, which keeps a few hundred runs within the time budget. `occiTsx`
 * runs it through tsx, exactly as a developer would.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  runServerCommand,
  type ServerProcess,
  startServer as startServerApp,
} from '../../../server/test/support/server-process.js';
import { lazyModules } from '../../build/lazy-modules.js';

export const CLIENT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI_MAIN = join(CLIENT_ROOT, 'src', 'main.ts');
const NODE_ARGS = ['--conditions=@occi/source', '--import', 'tsx'];

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no OCCI_* from the developer's shell, no config file or cache of theirs. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('OCCI_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR') env[k] = v;
  env.XDG_CONFIG_HOME = join(tmpdir(), 'occi-cli-test-no-config');
  env.HOME = env.XDG_CONFIG_HOME;
  // Nothing learnt about endpoints is kept between runs (a later server may get the same port):
  // a cache directory that cannot exist. Tests of what is kept give their own.
  env.XDG_CACHE_HOME = '/dev/null/occi-cli-test-no-cache';
  return { ...env, ...extra };
}

export type { ServerProcess };

let bundle: Promise<string> | undefined;

/** The CLI bundled from the current sources (once per test file). */
export function cliBundle(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('tsup');
    const outDir = await mkdtemp(join(tmpdir(), 'occi-cli-'));
    await build({
      entry: { main: CLI_MAIN },
      format: ['esm'],
      outDir,
      target: 'node20',
      platform: 'node',
      noExternal: [/.*/],
      splitting: true,
      silent: true,
      dts: false,
      sourcemap: false,
      config: false,
      define: { __OCCI_VERSION__: JSON.stringify('0.0.0-test') },
      // commander and undici are CommonJS: give the ESM bundle a require().
      banner: {
        js: "import { createRequire as __occiCreateRequire } from 'node:module'; const require = __occiCreateRequire(import.meta.url);",
      },
      // What tsup.config.ts does too: the tests run the modules the shipped bundle loads.
      esbuildPlugins: [lazyModules],
      esbuildOptions(options) {
        options.conditions = ['@occi/source'];
      },
    });
    return join(outDir, 'main.js');
  })();
  return bundle;
}

/** Removes the bundle's directory. */
export async function removeCliBundle(): Promise<void> {
  if (bundle) await rm(dirname(await bundle), { recursive: true, force: true });
}

function run(
  main: string,
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
  nodeArgs = NODE_ARGS,
  interrupt?: (stdout: string) => boolean,
): Promise<Result> {
  const child = spawn(process.execPath, [...nodeArgs, main, ...args], {
    cwd: CLIENT_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (interrupt && !interrupted && interrupt(stdout)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  /** Sends SIGINT (Ctrl-C) once standard output so far satisfies this (`--watch`). */
  interrupt?: (stdout: string) => boolean;
}

/** `occi <args>`, from the bundle of the sources. */
export async function occi(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  return run(await cliBundle(), args, baseEnv(options.env), options.input, [], options.interrupt);
}

/** `occi <args>` through tsx: `node --conditions=@occi/source --import tsx src/main.ts`. */
export function occiTsx(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  return run(CLI_MAIN, args, baseEnv(options.env), options.input);
}

/** `occi-server <args>` run to completion (users commands). */
export function occiServer(
  args: readonly string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Result> {
  return runServerCommand([...args], env, input);
}

/** Starts the real server app on 127.0.0.1, port 0, on a memory store. */
export function startServer(args: readonly string[] = []): Promise<ServerProcess> {
  return startServerApp(['--store', 'memory:', ...args]);
}
