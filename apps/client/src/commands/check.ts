/**
 * `occi check <url>`: a conformance run against any OCCI 1.2 endpoint —
 * checks organised by document and section (check/), each ending PASS,
 * FAIL or SKIP with why; a table, JSON or JUnit XML; exit code 1 when a
 * MUST fails. It creates only entities of its own and removes them, even
 * when interrupted.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { examples, type Register } from '../command.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { json } from '../output.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const collect = (value: string, previous: string[]) => [...previous, value];

function seconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw usageError(`${name} "${String(value)}" must be a positive number of seconds`);
  return n;
}

function authorization(
  auth: { type: 'basic'; user: string; password: string } | { type: 'bearer'; token: string } | undefined,
) {
  if (!auth) return undefined;
  if (auth.type === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
}

/**
 * Prints the report and waits until it is handed to the system: main.ts
 * exits as soon as the command returns, and a report larger than a pipe's
 * buffer would otherwise be cut short (`occi check -o json | jq`).
 */
function printAll(stream: { write(s: string, done?: () => void): unknown }, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
    if (stream.write.length < 2) resolve();
  });
}

export const register: Register = (program, act) => {
  program
    .command('check')
    .argument('[url]', 'the OCCI endpoint (default: --endpoint, OCCI_ENDPOINT or the profile)')
    .description(
      'check a server against the OCCI 1.2 documents: every observable MUST, SHOULD and MAY, by document and section',
    )
    .option('--list', 'list every check (id, section, level, what it does) and exit')
    .option(
      '--only <selectors>',
      'run only these checks: ids, id prefixes (http.8), documents (json) or levels (MUST); repeatable or comma-separated',
      collect,
      [],
    )
    .option('--skip <selectors>', 'leave these checks out (same selectors as --only)', collect, [])
    .option('--read-only', 'discovery and reads only: create, change and delete nothing')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--wait-timeout <seconds>', 'how long an action may take to reach its target state', '60')
    .option('--max-time <seconds>', 'time budget of the whole run: checks not started by then are skipped')
    .option(
      '--allow-save',
      "also invoke Compute 'save', which leaves an OS template behind (removed when the server allows)",
    )
    .option('--strict', 'exit 1 when a SHOULD fails too')
    .option('-v, --verbose', 'every check with its outcome and reason, and the exchange behind each failure')
    .addHelpText(
      'after',
      `${examples(
        'occi check http://localhost:8080',
        'occi check --read-only --only core,json        # the endpoint of the profile or OCCI_ENDPOINT',
        'occi check http://localhost:8080 --only http.8 --skip http.8.4 -v',
        'occi check http://localhost:8080 -o json | jq .summary',
        'occi check --list --only infra',
      )}
Exit codes: 0 no MUST failed, 1 a MUST failed (with --strict: or a SHOULD), 2 usage,
5 authentication refused, 7 no answer, 130 interrupted (what it created is removed first).
Everything a run creates is titled occi-check-<run id>; user mixins have the scheme
http://occi-check.example/<run id>#.
`,
    )
    .action(
      act(async (ctx, args, opts) => {
        const { allChecks } = await import('../check/index.js');
        const { select, selectorsOf } = await import('../check/select.js');
        const report = await import('../check/report.js');
        const checks = select(
          allChecks(),
          selectorsOf(opts.only as string[]),
          selectorsOf(opts.skip as string[]),
        );
        if (opts.list) {
          await printAll(
            ctx.streams.stdout,
            ctx.output === 'json' ? json(report.listJson(checks)) : report.listReport(checks, ctx.style),
          );
          return EXIT.ok;
        }
        const endpoint = args[0] ?? ctx.settings.endpoint;
        if (endpoint === undefined)
          throw usageError(
            'no endpoint: give the URL (occi check <url>), --endpoint, OCCI_ENDPOINT or a profile',
          );
        try {
          const u = new URL(endpoint);
          if (!['http:', 'https:'].includes(u.protocol) || u.search || u.hash || u.username)
            throw new Error();
        } catch {
          throw usageError(
            `"${endpoint}" is not an http: or https: URL without query, fragment or credentials`,
          );
        }
        const waitTimeoutMs = seconds(opts.waitTimeout, '--wait-timeout', 60) * 1000;
        const maxTime =
          opts.maxTime === undefined ? undefined : seconds(opts.maxTime, '--max-time', 0) * 1000;
        const { Wire, WireError, header } = await import('../check/wire.js');
        const { Probe } = await import('../check/probe.js');
        const { runChecks } = await import('../check/runner.js');
        const version = (await import('../version.js')).VERSION;
        const wire = new Wire({
          endpoint,
          userAgent: `occi-check/${version} OCCI/1.2`,
          authorization: authorization(ctx.settings.auth),
          timeoutMs: ctx.settings.timeoutMs ?? 30_000,
        });
        const controller = new AbortController();
        const runId = randomBytes(4).toString('hex');
        const probe = new Probe(wire, {
          readOnly: opts.readOnly === true,
          waitTimeoutMs,
          allowSave: opts.allowSave === true,
          runId,
          signal: controller.signal,
        });
        let interrupts = 0;
        const onSignal = () => {
          interrupts++;
          if (interrupts > 1) process.exit(130);
          controller.abort();
          ctx.warn('\nocci: interrupted; removing what the check created (again to quit at once)\n');
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const progress = ctx.interactive && ctx.output !== 'json';
        try {
          let first: Awaited<ReturnType<typeof probe.discoveryResponse>>;
          try {
            first = await probe.discoveryResponse('application/occi+json');
          } catch (error) {
            if (error instanceof WireError) throw new CliError(EXIT.network, error.message);
            throw error;
          }
          if (first.status === 401 || first.status === 403)
            throw new CliError(
              EXIT.auth,
              `the server refused the credentials: GET ${wire.base}/-/ answered ${first.status}`,
            );
          let frame = 0;
          const run = await runChecks(checks, probe, {
            ...(maxTime !== undefined ? { deadline: Date.now() + maxTime } : {}),
            onCheck: (check, i, total) => {
              if (!progress) return;
              frame = (frame + 1) % FRAMES.length;
              ctx.warn(`\r\x1b[2K${FRAMES[frame]} ${i + 1}/${total}  ${check.id}`);
            },
          });
          if (progress) ctx.warn('\r\x1b[2K');
          const info = {
            endpoint: wire.base,
            ...(header(first, 'server') ? { server: header(first, 'server')! } : {}),
            runId,
            readOnly: opts.readOnly === true,
          };
          const text =
            ctx.output === 'json'
              ? json(report.jsonReport(run, info))
              : report.textReport(run, info, ctx.style, opts.verbose === true);
          await printAll(ctx.streams.stdout, text);
          if (typeof opts.junit === 'string') await writeFile(opts.junit, report.junitReport(run, info));
          if (run.interrupted) return 130;
          const counts = report.countsOf(run.results);
          return counts.mustFail > 0 || (opts.strict === true && counts.shouldFail > 0)
            ? EXIT.invalid
            : EXIT.ok;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          await wire.close();
        }
      }),
    );
};
