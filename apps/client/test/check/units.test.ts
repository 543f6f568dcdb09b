/**
 * The parts of `occi check` that need no server: the ABNF of the text
 * renderings as the checks read it, the registry of checks (ids, sections,
 * levels), selection, and the JUnit report.
 */
import { describe, expect, it } from 'vitest';
import { sectionKey } from '../../src/check/define.js';
import { allChecks } from '../../src/check/index.js';
import { junitReport } from '../../src/check/report.js';
import { select } from '../../src/check/select.js';
import { parseAttribute, parseCategory, parseLink, splitValues } from '../../src/check/text-abnf.js';
import { DOCUMENT_KEYS } from '../../src/check/types.js';

describe('the text ABNF (GFD.229 §4)', () => {
  it('reads a Category value with every parameter, in the grammar order', () => {
    const c = parseCategory(
      'compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"; title="Compute Resource"; rel="http://schemas.ogf.org/occi/core#resource"; location="/compute/"; attributes="occi.compute.cores occi.compute.state{immutable required}"; actions="http://schemas.ogf.org/occi/infrastructure/compute/action#start"',
    );
    expect(c.problems).toEqual([]);
    expect(c).toMatchObject({
      term: 'compute',
      class: 'kind',
      rel: 'http://schemas.ogf.org/occi/core#resource',
    });
    expect(c.attributes).toEqual([
      { name: 'occi.compute.cores', immutable: false, required: false },
      { name: 'occi.compute.state', immutable: true, required: true },
    ]);
  });

  it('finds what the grammar does not allow', () => {
    expect(parseCategory('compute; class="kind"; scheme="http://x#"').problems).toContain(
      'parameter "scheme" out of the grammar\'s order (scheme, class, title, rel, location, attributes, actions)',
    );
    expect(parseCategory('-x; scheme="http://x#"; class="thing"').problems).toHaveLength(2);
    expect(parseCategory('x; scheme=http://x#; class=kind').problems).toEqual([
      'scheme=http://x# is not a quoted string',
      'no scheme',
    ]);
    expect(parseCategory('x; scheme="http://x#"; class="mixin"; attributes="a{mutable}"').problems).toEqual([
      'attribute property "mutable" of a is not "immutable" or "required"',
    ]);
  });

  it('reads links and action links', () => {
    const l = parseLink(
      '</network/1>; rel="http://schemas.ogf.org/occi/infrastructure#network"; self="/link/networkinterface/2"; category="http://schemas.ogf.org/occi/infrastructure#networkinterface"; occi.networkinterface.interface="eth0"',
    );
    expect(l.problems).toEqual([]);
    expect(l).toMatchObject({ target: '/network/1', self: '/link/networkinterface/2', action: false });
    expect(l.attributes).toEqual({ 'occi.networkinterface.interface': 'eth0' });
    const a = parseLink(
      '</compute/1?action=start>; rel="http://schemas.ogf.org/occi/infrastructure/compute/action#start"',
    );
    expect(a).toMatchObject({ action: true, problems: [] });
    expect(parseLink('/compute/1; rel="x"').problems[0]).toMatch(/does not start with <URI-reference>/);
  });

  it('reads attribute values: quoted strings (with escapes), numbers, booleans', () => {
    expect(parseAttribute('occi.core.title="a \\"b\\", c"')).toMatchObject({
      value: 'a "b", c',
      type: 'string',
    });
    expect(parseAttribute('occi.compute.memory=2.5')).toMatchObject({ value: 2.5, type: 'number' });
    expect(parseAttribute('x.y=true')).toMatchObject({ value: true, type: 'bool' });
    expect(parseAttribute('x.y=unquoted').problems).toHaveLength(1);
  });

  it('splits comma-separated values outside quotes and <…>', () => {
    expect(splitValues('a="1, 2", b=3, </x?a=b,c>; rel="y"')).toEqual([
      'a="1, 2"',
      'b=3',
      '</x?a=b,c>; rel="y"',
    ]);
  });
});

describe('the checks', () => {
  const checks = allChecks();

  it('are several hundred, each with a unique id of its document and section, a level and a title', () => {
    expect(checks.length).toBeGreaterThan(500);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const c of checks) {
      expect(c.id.startsWith(`${c.doc}.${sectionKey(c.section)}.`), c.id).toBe(true);
      expect(c.id, c.id).toMatch(/^[a-z]+\.[a-z0-9.]+\.[A-Za-z0-9_.-]+$/);
      expect(['MUST', 'SHOULD', 'MAY']).toContain(c.level);
      expect(c.title.length, c.id).toBeGreaterThan(10);
    }
    for (const d of DOCUMENT_KEYS)
      expect(
        checks.some((c) => c.doc === d),
        d,
      ).toBe(true);
  });

  it('are selected by id, id prefix, document or level', () => {
    const ids = (only: string[], skip: string[] = []) => select(checks, only, skip).map((c) => c.id);
    expect(ids(['http.5.3.same-version'])).toEqual(['http.5.3.same-version']);
    expect(ids(['http.5.3']).every((id) => id.startsWith('http.5.3.'))).toBe(true);
    expect(ids(['http.5.3'], ['http.5.3.no-version'])).not.toContain('http.5.3.no-version');
    expect(ids(['text/uri-list'])).toEqual(ids(['urilist']));
    expect(select(checks, ['MAY'], []).every((c) => c.level === 'MAY')).toBe(true);
    expect(() => select(checks, ['http.99'], [])).toThrow(/selects no check/);
  });
});

describe('the JUnit report', () => {
  it('has a suite per document and escapes what XML cannot carry', () => {
    const xml = junitReport(
      {
        ms: 1200,
        interrupted: false,
        cleanup: { deleted: 0, failed: [], orphans: [] },
        results: [
          {
            id: 'http.5.3.same-version',
            doc: 'http',
            section: '§5.3',
            level: 'MUST',
            title: 'a & b',
            status: 'pass',
            ms: 3,
          },
          {
            id: 'json.3.offered',
            doc: 'json',
            section: '§3',
            level: 'MAY',
            title: 'x',
            status: 'skip',
            reason: 'not <offered>',
            ms: 1,
          },
          {
            id: 'core.5.4.id-uri',
            doc: 'core',
            section: '§5.4',
            level: 'MUST',
            title: 'y',
            status: 'fail',
            reason: 'id "x"\u0001',
            evidence: '> GET /',
            ms: 2,
          },
        ],
      },
      { endpoint: 'http://h', runId: 'r', readOnly: false },
    );
    expect(xml).toContain(
      '<testsuites name="occi check http://h" tests="3" failures="1" skipped="1" time="1.200">',
    );
    expect(xml).toContain('name="HTTP protocol (GFD.223)"');
    expect(xml).toContain('<skipped message="not &lt;offered&gt;" />');
    expect(xml).toContain('<failure message="id &quot;x&quot;" type="MUST">&gt; GET /</failure>');
    expect(xml).toContain('a &amp; b');
  });
});
