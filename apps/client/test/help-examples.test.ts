/**
 * Every example `occi --help` and the commands' help show runs successfully
 * against our own server. Placeholders in the examples (`/compute/6df6…`,
 * `urn:uuid:6df6c4e0-…`) stand for entities of that kind, created here;
 * shell around the `occi` invocations (pipes to jq or from curl, `source
 * <(…)`, `> file`, comments) is played by the test.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli.js';
import { occi, type Result, removeCliBundle, type ServerProcess, startServer } from './support/processes.js';

/** Every `$ …` line of the root help and of each command's help, with the command it belongs to. */
function helpExamples(): { command: string; line: string }[] {
  const program = buildProgram('0.0.0', () => async () => {});
  const out: { command: string; line: string }[] = [];
  const visit = (command: Command, path: string) => {
    let help = '';
    command.configureOutput({
      writeOut: (s) => {
        help += s;
      },
    });
    command.outputHelp();
    for (const match of help.matchAll(/^ {2}\$ (.+)$/gm)) out.push({ command: path, line: match[1]! });
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`.trim());
  };
  visit(program, 'occi');
  return out;
}

/** The words of a shell command line: quotes group and disappear (`a="b c"` is one word, a=b c); no expansion. */
function words(text: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const c of text) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

let server: ServerProcess;
/** Another site for the --sites examples: a (this one), b and c (the main server); group egi. */
let siteA: ServerProcess;
let dir: string;
/** Entities standing for the placeholders, by collection: fresh ones for each example. */
const entities = new Map<string, string[]>();

/** Variables the examples' `echo "$…"` name. */
const VARIABLES: Record<string, string> = { PASSWORD: 'a-long-secret', OCCI_TOKEN: 'occi_example_token' };

const cli = (args: readonly string[], input?: string): Promise<Result> =>
  occi(args, {
    env: {
      OCCI_ENDPOINT: server.url,
      OCCI_WAIT_INTERVAL_MS: '50',
      OCCI_WATCH_INTERVAL_MS: '50',
      OCCI_CONFIG: join(dir, 'config.json'),
    },
    ...(input !== undefined ? { input } : {}),
    // --watch runs until Ctrl-C: once it printed something.
    ...(args.includes('--watch') ? { interrupt: (out: string) => out.includes('\n') } : {}),
  });

/** The config file each example starts from: profiles lab, prod, a, b, c (sites), the group egi. */
async function writeConfig(): Promise<void> {
  const file = join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      default: 'lab',
      profiles: {
        lab: { endpoint: server.url },
        prod: { endpoint: server.url },
        a: { endpoint: siteA.url },
        b: { endpoint: server.url },
        c: { endpoint: server.url },
      },
      groups: { egi: ['a', 'b', 'c'] },
    }),
  );
  await chmod(file, 0o600);
}

function ok(r: Result): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const PROD = 'http://example.com/tags#prod';

/** A request in the JSON rendering; answers the response after checking its status. */
async function http(
  method: string,
  path: string,
  body?: unknown,
  status = [200, 201, 204],
): Promise<Response> {
  const response = await fetch(server.url + path, {
    method,
    headers: {
      accept: 'application/occi+json',
      ...(body === undefined ? {} : { 'content-type': 'application/occi+json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!status.includes(response.status))
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** What each example starts from: three computes, two storages, two networks, and the user mixin `prod` unless the example creates it. */
async function prepare(line: string): Promise<void> {
  for (const collection of ['compute', 'storage', 'network']) await http('DELETE', `/${collection}/`);
  for (const [collection, count, attributes] of [
    ['compute', 3, {}],
    ['storage', 2, { 'occi.storage.size': 1 }],
    ['network', 2, {}],
  ] as const) {
    const created: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await http('POST', `/${collection}/`, { kind: INFRA + collection, attributes });
      created.push(new URL(response.headers.get('location')!, server.url).pathname);
    }
    entities.set(collection, created);
  }
  const prod = await http('GET', '/-/');
  const exists = ((await prod.json()) as { mixins?: { scheme: string; term: string }[] }).mixins?.some(
    (m) => m.scheme + m.term === PROD,
  );
  const creates = /^occi mixin create /.test(line);
  if (exists && creates)
    await http('DELETE', '/-/', { mixins: [{ scheme: 'http://example.com/tags#', term: 'prod' }] });
  if (!exists && !creates)
    await http('POST', '/-/', {
      mixins: [{ scheme: 'http://example.com/tags#', term: 'prod', location: '/tags/prod/' }],
    });
  // Stopping needs a running compute.
  if (/ stop\b/.test(line))
    for (const compute of entities.get('compute')!)
      await http('POST', `${compute}?action=start`, {
        action: 'http://schemas.ogf.org/occi/infrastructure/compute/action#start',
      });
}

/** Replaces each placeholder with a real location: `/compute/6df6…` is a compute, another prefix another one. */
function substitute(line: string): string {
  const seen = new Map<string, string>();
  const pick = (collection: string, placeholder: string): string => {
    const key = `${collection}/${placeholder}`;
    if (!seen.has(key)) {
      const used = [...seen.keys()].filter((k) => k.startsWith(`${collection}/`)).length;
      const pool = entities.get(collection);
      if (!pool?.[used])
        throw new Error(`the example "${line}" names more ${collection} entities than exist`);
      seen.set(key, pool[used]);
    }
    return seen.get(key)!;
  };
  return line
    .replace(/urn:uuid:([0-9a-f-]+)…/g, (_m, p: string) => `urn:uuid:${pick('compute', p).split('/').pop()}`)
    .replace(/\/(\w+)\/([0-9a-f-]+)…/g, (_m, collection: string, p: string) => pick(collection, p))
    .replace(/http:\/\/(other\.example|localhost:8080)/g, server.url);
}

/** Runs one example line as a shell would, the `occi` parts through the CLI. */
async function runExample(line: string): Promise<void> {
  const command = substitute(line.replace(/\s+#.*$/, ''));
  const sourced = /^source <\((.*)\)$/.exec(command);
  const stages = (sourced ? sourced[1]! : command).split(' | ');
  let input: string | undefined;
  for (const stage of stages) {
    const [program, ...args] = words(stage.replace(/\s+>\s*\S+$/, ''));
    if (program === 'export') continue;
    if (program === 'occi') {
      input = ok(await cli(args, input));
    } else if (program === 'echo') {
      input = `${args.map((a) => a.replace(/^\$(\w+)$/, (_m, v: string) => VARIABLES[v] ?? '')).join(' ')}\n`;
    } else if (program === 'xargs' && args[0] === 'occi') {
      input = ok(await cli([...args.slice(1), ...(input ?? '').split(/\s+/).filter((w) => w !== '')]));
    } else if (program === 'curl') {
      // `curl -si -H 'Accept: X' URL`: the response as curl -si prints it.
      const accept = args[args.indexOf('-H') + 1]!.replace(/^Accept:\s*/i, '');
      const response = await fetch(args.at(-1)!, { headers: { accept } });
      const head = [`HTTP/1.1 ${response.status} ${response.statusText}`];
      for (const [name, value] of response.headers) head.push(`${name}: ${value}`);
      input = `${head.join('\r\n')}\r\n\r\n${await response.text()}`;
    } else if (program === 'jq') {
      expect(() => JSON.parse(input ?? '')).not.toThrow();
    } else throw new Error(`the example "${line}" runs ${program}, which this test does not play`);
  }
}

beforeAll(async () => {
  [server, siteA] = await Promise.all([startServer(), startServer()]);
  dir = await mkdtemp(join(tmpdir(), 'occi-examples-'));
  // The files the parse examples read: a compute in text/plain and in JSON.
  await prepare('');
  const compute = entities.get('compute')![0]!;
  const text = await (await fetch(server.url + compute, { headers: { accept: 'text/plain' } })).text();
  await writeFile(join(dir, 'request.txt'), text);
  const json = await (
    await fetch(server.url + compute, { headers: { accept: 'application/occi+json' } })
  ).text();
  await writeFile(join(dir, 'message.json'), json);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), siteA?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
  await removeCliBundle();
});

describe('the examples of the help', () => {
  const examples = helpExamples();

  it('are many, for every command', () => {
    expect(examples.length).toBeGreaterThan(30);
  });

  // In the order the help shows them: a later example may rely on an earlier one (start, then stop).
  it.each(examples)('$command: $line', async ({ line }) => {
    await prepare(line);
    await writeConfig();
    // Files the examples read or write live in a temporary directory.
    await runExample(
      line
        .replace(/\b(request\.txt|message\.json)\b/, (f) => join(dir, f))
        .replace(/--out \S+/, `--out ${join(dir, 'occi-model.ts')}`),
    );
  });
});
