/**
 * What we would publish works when installed. Packs every publishable
 * workspace package as `pnpm publish` would (workspace: ranges resolved,
 * publishConfig applied), then checks each tarball (manifest, files, LICENSE,
 * attw), installs all of them with plain `npm install` into an empty project
 * (no workspace links), runs the installed `occi-server` and `occi` against
 * each other, imports every package from plain Node ESM, and typechecks a
 * TypeScript file importing them under `moduleResolution` node16 and bundler.
 *
 * Run after `pnpm build`: `corepack pnpm check:packed`. Exits non-zero with
 * every problem found; `.ci/run` runs it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const LICENSE = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
const problems: string[] = [];
const problem = (text: string) => {
  problems.push(text);
  process.stderr.write(`  ✗ ${text}\n`);
};
const step = (text: string) => process.stdout.write(`check-packed: ${text}\n`);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: unknown;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  files?: string[];
  repository?: { type?: string; url?: string; directory?: string };
  [field: string]: unknown;
}

interface Workspace {
  dir: string;
  manifest: Manifest;
  tarball?: string;
}

/** Every string leaf of an exports map. */
function targets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(targets);
  return [];
}

async function run(command: string, args: string[], cwd: string, timeout = 600_000) {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** The publishable packages of the workspace (packages/* and apps/*, not private). */
function workspaces(): Workspace[] {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(ROOT, group))
      .map((name) => join(ROOT, group, name))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map((dir) => ({
        dir,
        manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
      }))
      .filter((w) => !w.manifest.private),
  );
}

async function pack(w: Workspace, into: string): Promise<void> {
  if (!existsSync(join(w.dir, 'dist'))) {
    problem(`${w.manifest.name}: no dist/ — run corepack pnpm build first`);
    return;
  }
  const packed = await run('corepack', ['pnpm', 'pack', '--pack-destination', into], w.dir);
  const tarball = readdirSync(into).find(
    (f) => f === `${w.manifest.name.replace(/^@/, '').replace('/', '-')}-${w.manifest.version}.tgz`,
  );
  if (!packed.ok || !tarball) problem(`${w.manifest.name}: pnpm pack failed\n${packed.output}`);
  else w.tarball = join(into, tarball);
}

/** The tarball's manifest and files: what npm would publish. */
async function checkTarball(w: Workspace): Promise<void> {
  const name = w.manifest.name;
  const listing = await run('tar', ['-tzf', w.tarball!], ROOT);
  const files = new Set(listing.output.split('\n').map((f) => f.replace(/^package\//, '')));
  const manifest = JSON.parse(
    (await run('tar', ['-xzOf', w.tarball!, 'package/package.json'], ROOT)).output,
  ) as Manifest;
  const license = (await run('tar', ['-xzOf', w.tarball!, 'package/LICENSE'], ROOT)).output;
  if (license !== LICENSE) problem(`${name}: the tarball's LICENSE is missing or differs from the root's`);
  if (!files.has('README.md')) problem(`${name}: no README.md in the tarball`);
  const text = JSON.stringify(manifest);
  if (text.includes('workspace:')) problem(`${name}: the packed manifest keeps a workspace: range`);
  if (text.includes('@occi/source'))
    problem(`${name}: the packed manifest keeps the @occi/source condition (its src/ is not shipped)`);
  const paths = [
    ...targets(manifest.exports),
    ...(manifest.main ? [manifest.main] : []),
    ...(manifest.types ? [manifest.types] : []),
    ...Object.values(manifest.bin ?? {}),
  ];
  for (const path of paths) {
    const file = path.replace(/^\.\//, '');
    if (!files.has(file)) problem(`${name}: ${path} (named by the manifest) is not in the tarball`);
  }
  for (const field of ['description', 'license', 'author', 'homepage', 'bugs', 'keywords', 'repository'])
    if (manifest[field] === undefined) problem(`${name}: the manifest has no "${field}"`);
  const directory = relative(ROOT, w.dir);
  if (manifest.repository?.directory !== directory)
    problem(`${name}: repository.directory is ${manifest.repository?.directory}, not ${directory}`);
  const attw = await run(
    join(ROOT, 'node_modules', '.bin', 'attw'),
    [w.tarball!, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-definitely-typed'],
    ROOT,
  );
  if (!attw.ok) problem(`${name}: arethetypeswrong\n${attw.output}`);
}

/** One project with the tarballs of `only` (default: every one) installed by npm, as a user would. */
async function install(all: Workspace[], project: string, only?: readonly string[]): Promise<boolean> {
  const tarballs = Object.fromEntries(all.map((w) => [w.manifest.name, `file:${w.tarball}`]));
  const dependencies = only
    ? Object.fromEntries(Object.entries(tarballs).filter(([n]) => only.includes(n)))
    : tarballs;
  const types = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies['@types/node'];
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'packed-install',
        private: true,
        type: 'module',
        dependencies,
        devDependencies: { '@types/node': types },
        // The packages depend on each other by version, and none is on the registry yet.
        overrides: tarballs,
      },
      null,
      2,
    ),
  );
  const installed = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--foreground-scripts'],
    project,
    900_000,
  );
  for (const line of installed.output.split('\n'))
    if (/EBADENGINE/.test(line)) problem(`npm install: ${line.trim()}`);
  if (!installed.ok) problem(`npm install failed\n${installed.output}`);
  return installed.ok;
}

function startServer(project: string, data: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    join(project, 'node_modules', '.bin', 'occi-server'),
    ['--host', '127.0.0.1', '--port', '0', '--data-dir', data, '--log-level', 'warn'],
    { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the installed occi-server did not start within 30 s:\n${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the installed occi-server exited (${code}):\n${output}`));
    });
  });
}

/** The installed server and client, against each other. */
async function runPrograms(project: string): Promise<void> {
  const data = join(project, 'data');
  let server: { url: string; child: ChildProcess };
  try {
    server = await startServer(project, data);
  } catch (error) {
    problem((error as Error).message);
    return;
  }
  const occi = (...args: string[]) =>
    run(join(project, 'node_modules', '.bin', 'occi'), ['--endpoint', server.url, ...args], project, 60_000);
  try {
    const discover = await occi('discover');
    if (!discover.ok || !discover.output.includes('compute'))
      problem(`the installed occi discover:\n${discover.output}`);
    const created = await occi('create', 'compute', '--title', 'packed', '--wait', 'inactive');
    const location = created.output.trim();
    if (!created.ok || !/^\/compute\/\S+$/.test(location))
      problem(`the installed occi create compute:\n${created.output}`);
    const list = await occi('list', 'compute');
    if (!list.ok || !list.output.includes(location))
      problem(`the installed occi list compute:\n${list.output}`);
    await checkConsole(server.url);
  } finally {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) problem(`the installed occi-server exited ${code} on SIGTERM`);
  }
  if (!existsSync(join(data, 'occi.db')))
    problem('the installed occi-server wrote no SQLite database in --data-dir');
}

/** The installed server carries its console (dist/console/ of the tarball) and its API explorer. */
async function checkConsole(url: string): Promise<void> {
  for (const [path, title] of [
    ['/console/', '<title>OCCI console</title>'],
    ['/console/explorer/', '<title>OCCI API explorer</title>'],
  ] as const) {
    const response = await fetch(`${url}${path}`, { headers: { accept: 'text/html' } }).catch(
      (error: Error) => ({ status: 0, text: async () => error.message }),
    );
    const body = await response.text();
    if (response.status !== 200 || !body.includes(title))
      problem(
        `the installed occi-server's GET ${path} is ${response.status}, not its page:\n${body.slice(0, 300)}`,
      );
  }
}

/** The optional peer dependencies of a package (`peerDependenciesMeta`). */
function optionalPeers(w: Workspace): string[] {
  const meta = (w.manifest.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>;
  return Object.keys(meta).filter((peer) => meta[peer]?.optional);
}

/**
 * The entries of a package's exports map (`@occi/http`, `@occi/http/server`, ...).
 * Its subpath entries only when its optional peers are installed in `project`
 * (an entry such as a fastify plugin needs them).
 */
function entries(w: Workspace, project: string): string[] {
  const exports = w.manifest.exports;
  const subpaths =
    exports && typeof exports === 'object'
      ? Object.keys(exports).filter((k) => k.startsWith('./') && k !== './package.json')
      : [];
  const peersThere = optionalPeers(w).every((peer) => existsSync(join(project, 'node_modules', peer)));
  return [w.manifest.name, ...(peersThere ? subpaths.map((p) => `${w.manifest.name}/${p.slice(2)}`) : [])];
}

/** Each package entry from plain Node ESM, and from TypeScript under node16 and bundler resolution. */
async function importPackages(all: Workspace[], project: string): Promise<void> {
  const names = all.flatMap((w) => entries(w, project));
  const libraries = all.filter((w) => !w.manifest.bin).map((w) => w.manifest.name);
  writeFileSync(
    join(project, 'import.mjs'),
    `${names.map((n, i) => `import * as m${i} from '${n}';`).join('\n')}
const empty = [${names.map((n, i) => `['${n}', m${i}]`).join(', ')}].filter(([, m]) => Object.keys(m).length === 0);
if (empty.length > 0) { console.error('no exports: ' + empty.map(([n]) => n).join(', ')); process.exit(1); }
`,
  );
  const imported = await run(process.execPath, ['import.mjs'], project);
  if (!imported.ok) problem(`importing the packages from Node ESM:\n${imported.output}`);
  writeFileSync(
    join(project, 'check.ts'),
    `${names.map((n, i) => `import * as m${i} from '${n}';`).join('\n')}
export const modules = [${names.map((_, i) => `m${i}`).join(', ')}];
import { Model } from '@occi/core';
${libraries.includes('@occi/infrastructure') ? "import { infrastructure } from '@occi/infrastructure';\nexport const model: Model = Model.create([infrastructure]);\n" : ''}`,
  );
  await typecheck(project, 'the packages');
}

/** Typechecks `check.ts` of `project` under moduleResolution node16 and bundler, library types included. */
async function typecheck(project: string, what: string): Promise<void> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [module, resolution] of [
    ['node16', 'node16'],
    ['esnext', 'bundler'],
  ] as const) {
    const config = `tsconfig.${resolution}.json`;
    writeFileSync(
      join(project, config),
      JSON.stringify({
        compilerOptions: {
          module,
          moduleResolution: resolution,
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['check.ts'],
      }),
    );
    const checked = await run(process.execPath, [tsc, '-p', config], project);
    if (!checked.ok)
      problem(`typechecking imports of ${what} (moduleResolution ${resolution}):\n${checked.output}`);
  }
}

/**
 * Entries a user imports without the package's optional peer dependencies
 * (`peerDependenciesMeta`): a client-only user of @occi/http installs no fastify.
 */
const WITHOUT_OPTIONAL_PEERS: Readonly<Record<string, readonly string[]>> = {
  '@occi/http': ['@occi/http', '@occi/http/client'],
};

/** Each such package installed alone, as npm installs it (optional peers left out), then its entries imported. */
async function withoutOptionalPeers(all: Workspace[], root: string): Promise<void> {
  for (const [name, imports] of Object.entries(WITHOUT_OPTIONAL_PEERS)) {
    const w = all.find((x) => x.manifest.name === name);
    if (!w) {
      problem(`${name}: not a workspace package (WITHOUT_OPTIONAL_PEERS in scripts/check-packed.ts)`);
      continue;
    }
    const project = join(root, name.replace(/^@/, '').replace('/', '-'));
    mkdirSync(project);
    if (!(await install(all, project, [name]))) continue;
    const peers = optionalPeers(w);
    for (const peer of peers)
      if (existsSync(join(project, 'node_modules', peer)))
        problem(`${name}: npm installed its optional peer ${peer}; the check below proves nothing`);
    const what = `${imports.join(', ')} without ${peers.join(', ')}`;
    writeFileSync(join(project, 'import.mjs'), imports.map((n) => `await import('${n}');`).join('\n'));
    const imported = await run(process.execPath, ['import.mjs'], project);
    if (!imported.ok) problem(`importing ${what}:\n${imported.output}`);
    writeFileSync(
      join(project, 'check.ts'),
      `${imports.map((n, i) => `import * as m${i} from '${n}';`).join('\n')}\nexport const modules = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
    await typecheck(project, what);
  }
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'occi-packed-'));
  const tarballs = join(dir, 'tarballs');
  const project = join(dir, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  try {
    const all = workspaces();
    step(`packing ${all.length} packages`);
    for (const w of all) await pack(w, tarballs);
    const packed = all.filter((w) => w.tarball);
    step('checking the tarballs (manifest, files, LICENSE, attw)');
    await Promise.all(packed.map(checkTarball));
    if (packed.length === all.length) {
      step('npm install of every tarball into an empty project');
      if (await install(packed, project)) {
        step('running the installed occi-server and occi');
        await runPrograms(project);
        step('importing the packages from Node ESM and TypeScript (node16, bundler)');
        await importPackages(packed, project);
      }
      step('installing packages without their optional peers, then importing them');
      await withoutOptionalPeers(packed, dir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  step(problems.length === 0 ? 'every package installs and runs' : `${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
