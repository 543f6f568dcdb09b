/** The registry is the one source of what a server can load: the README's tables and `--help` say the same. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpText } from '../src/config.js';
import { BACKENDS, EXTENSIONS, loadExtensions } from '../src/registry.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the registry of extensions and backends', () => {
  it('the README has a row for every extension, backend and backend option, with what the registry says', () => {
    for (const row of EXTENSIONS)
      expect(README).toContain(
        `| \`${row.name}\` | ${row.summary} | ${row.requires.map((r) => `\`${r}\` `).join(', ')}|`,
      );
    for (const row of BACKENDS) {
      expect(README).toMatch(new RegExp(`\\n\\| \`${row.name}\` \\| `));
      for (const o of row.options)
        expect(README).toContain(`| \`${o.flag}\` | \`${o.env}\` | \`${row.name}\` |`);
    }
  });

  it('--help names every backend with its summary, and every backend option', () => {
    const help = helpText();
    for (const row of BACKENDS) {
      expect(help).toContain(`${row.name} (${row.summary})`);
      for (const o of row.options) expect(help).toContain(o.flag);
    }
  });

  it('loads the extensions in the registry order, the backend last', () => {
    const names = loadExtensions({ extensions: ['crtp', 'infrastructure', 'sla'] }).map((e) => e.name);
    expect(names).toEqual(['infrastructure', 'os-templates', 'sla', 'sla-templates', 'crtp']);
  });
});
