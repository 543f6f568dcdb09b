/**
 * The report of a run: a per-document table with the failures (and, with
 * `--verbose`, every result) for people; JSON and JUnit XML for CI; and
 * `--list`, which documents every check.
 */
import { type Style, table } from '../output.js';
import type { Run } from './runner.js';
import { type Check, DOCUMENT_KEYS, DOCUMENTS, type DocumentKey, type Level, type Result } from './types.js';

export interface RunInfo {
  endpoint: string;
  /** The Server header of the first discovery response. */
  server?: string;
  runId: string;
  readOnly: boolean;
}

export interface Counts {
  checks: number;
  pass: number;
  fail: number;
  skip: number;
  mustFail: number;
  shouldFail: number;
}

export function countsOf(results: readonly Result[]): Counts {
  const c: Counts = { checks: 0, pass: 0, fail: 0, skip: 0, mustFail: 0, shouldFail: 0 };
  for (const r of results) {
    c.checks++;
    c[r.status]++;
    if (r.status === 'fail' && r.level === 'MUST') c.mustFail++;
    if (r.status === 'fail' && r.level === 'SHOULD') c.shouldFail++;
  }
  return c;
}

const docLabel = (d: DocumentKey) => `${DOCUMENTS[d].name} (${DOCUMENTS[d].ref})`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The report for a terminal or a log: summary table, failures, totals. */
export function textReport(run: Run, info: RunInfo, style: Style, verbose: boolean): string {
  const rows: string[][] = [];
  for (const d of DOCUMENT_KEYS) {
    const results = run.results.filter((r) => r.doc === d);
    if (results.length === 0) continue;
    const c = countsOf(results);
    rows.push([
      docLabel(d),
      String(c.checks),
      String(c.pass),
      c.fail ? style.red(String(c.fail)) : '0',
      String(c.skip),
      c.mustFail ? style.red(String(c.mustFail)) : '0',
    ]);
  }
  const all = countsOf(run.results);
  rows.push([
    style.bold('total'),
    String(all.checks),
    String(all.pass),
    String(all.fail),
    String(all.skip),
    String(all.mustFail),
  ]);
  let out = `occi check ${info.endpoint}${info.server ? `  (Server: ${info.server})` : ''}\n\n`;
  out += table(['DOCUMENT', 'CHECKS', 'PASS', 'FAIL', 'SKIP', 'MUST FAILED'], rows, style);
  const shown = run.results.filter((r) => verbose || r.status === 'fail');
  if (shown.length > 0) out += '\n';
  for (const r of shown) {
    const mark =
      r.status === 'fail'
        ? style.red('FAIL')
        : r.status === 'skip'
          ? style.yellow('SKIP')
          : style.green('PASS');
    out += `${mark}  ${style.bold(r.id)}  ${DOCUMENTS[r.doc].name} ${r.section}  ${r.level}\n      ${r.title}\n`;
    if (r.reason) out += `      ${r.status === 'pass' ? '' : '→ '}${r.reason}\n`;
    if (r.evidence && r.status === 'fail' && verbose)
      out += `${r.evidence
        .split('\n')
        .map((l) => `        ${style.dim(l)}`)
        .join('\n')}\n`;
  }
  out += `\n${all.checks} checks in ${seconds(run.ms)}: ${all.pass} passed, ${all.fail} failed (${all.mustFail} MUST, ${all.shouldFail} SHOULD), ${all.skip} skipped`;
  if (run.interrupted) out += ' — interrupted';
  out += `\nthe run (occi-check-${info.runId}) deleted ${run.cleanup.deleted} entities it created`;
  if (run.cleanup.failed.length) out += `; could not remove: ${run.cleanup.failed.join(', ')}`;
  if (run.cleanup.orphans.length) out += `; created but could not locate: ${run.cleanup.orphans.join(', ')}`;
  out += '\n';
  if (!verbose && all.skip > 0) out += style.dim('(--verbose lists every check with its reason)\n');
  return out;
}

/** `-o json`: stable and complete. */
export function jsonReport(run: Run, info: RunInfo): unknown {
  const documents: Record<string, Counts & { name: string; ref: string }> = {};
  for (const d of DOCUMENT_KEYS) {
    const results = run.results.filter((r) => r.doc === d);
    if (results.length > 0)
      documents[d] = { name: DOCUMENTS[d].name, ref: DOCUMENTS[d].ref, ...countsOf(results) };
  }
  return {
    endpoint: info.endpoint,
    server: info.server ?? null,
    runId: info.runId,
    readOnly: info.readOnly,
    ms: run.ms,
    interrupted: run.interrupted,
    summary: countsOf(run.results),
    documents,
    cleanup: run.cleanup,
    results: run.results,
  };
}

const xml = (s: string) =>
  s
    .replace(
      /[<>&"']/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
    )
    // XML 1.0 allows no control characters but tab, newline and carriage return.
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');

/** JUnit XML: one test suite per document, one test case per check. */
export function junitReport(run: Run, info: RunInfo): string {
  const all = countsOf(run.results);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="occi check ${xml(info.endpoint)}" tests="${all.checks}" failures="${all.fail}" skipped="${all.skip}" time="${(run.ms / 1000).toFixed(3)}">\n`;
  for (const d of DOCUMENT_KEYS) {
    const results = run.results.filter((r) => r.doc === d);
    if (results.length === 0) continue;
    const c = countsOf(results);
    const time = results.reduce((s, r) => s + r.ms, 0) / 1000;
    out += `  <testsuite name="${xml(docLabel(d))}" tests="${c.checks}" failures="${c.fail}" errors="0" skipped="${c.skip}" time="${time.toFixed(3)}">\n`;
    for (const r of results) {
      out += `    <testcase classname="occi.${d}" name="${xml(`${r.id} [${r.level}] ${r.section}: ${r.title}`)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.status === 'pass') {
        out += ' />\n';
        continue;
      }
      out += '>\n';
      if (r.status === 'skip') out += `      <skipped message="${xml(r.reason ?? '')}" />\n`;
      else
        out += `      <failure message="${xml(r.reason ?? '')}" type="${r.level}">${xml(r.evidence ?? r.reason ?? '')}</failure>\n`;
      out += '    </testcase>\n';
    }
    out += '  </testsuite>\n';
  }
  return `${out}</testsuites>\n`;
}

/** `--list`: every check with its document, section, level and what it does. */
export function listReport(checks: readonly Check[], style: Style): string {
  let out = '';
  for (const d of DOCUMENT_KEYS) {
    const mine = checks.filter((c) => c.doc === d);
    if (mine.length === 0) continue;
    const levels = (l: Level) => mine.filter((c) => c.level === l).length;
    out += `${style.bold(docLabel(d))}: ${mine.length} checks (${levels('MUST')} MUST, ${levels('SHOULD')} SHOULD, ${levels('MAY')} MAY)\n`;
    out += table(
      ['ID', 'SECTION', 'LEVEL', 'WHAT IT DOES'],
      mine.map((c) => [c.id, c.section, c.level, `${c.title}${c.writes ? ' [writes]' : ''}`]),
      style,
    );
    out += '\n';
  }
  const l = (x: Level) => checks.filter((c) => c.level === x).length;
  out += `${checks.length} checks: ${l('MUST')} MUST, ${l('SHOULD')} SHOULD, ${l('MAY')} MAY; [writes]: creates entities of its own (skipped with --read-only)\n`;
  return out;
}

export function listJson(checks: readonly Check[]): unknown {
  return checks.map((c) => ({
    id: c.id,
    document: c.doc,
    documentName: DOCUMENTS[c.doc].name,
    section: c.section,
    level: c.level,
    title: c.title,
    writes: c.writes,
  }));
}

export { seconds };
