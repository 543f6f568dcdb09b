/**
 * `occi discover --sites …`: which kinds, mixins and templates each site
 * offers, as a matrix. A category is the same at two sites when its type
 * identifier is (Core §5.3.1): CRTP's templates (GWD.222 §7) have the same
 * one everywhere, which is their point in a federation; a provider's own
 * os_tpl mixins match only where providers agreed on a scheme.
 *
 * Rows: kinds (Core's own left out: every server has them), mixins, then
 * templates by family — the term of the mixin a template depends on
 * (os_tpl, resource_tpl, app_tpl…). A site that did not answer has `?` in
 * its column and a line on standard error.
 */
import type { Category, CategoryClass, Model } from '@occi/core';
import type { Context } from './context.js';
import { categoryJson, table } from './output.js';
import { acrossSites, reportFailures } from './sites.js';

const CORE = 'http://schemas.ogf.org/occi/core#';

interface Row {
  id: string;
  category: Category;
  /** kind, mixin, action, or a template family. */
  group: string;
  sites: Record<string, boolean | null>;
}

/** The family of a template: the term of the mixin it depends on; else its class. */
function groupOf(model: Model, c: Category): string {
  if (c.class !== 'mixin') return c.class;
  const parent = c.depends.map((d) => model.get(d)).find((m) => m !== undefined);
  return parent?.term ?? (c.depends[0] ? c.depends[0].slice(c.depends[0].lastIndexOf('#') + 1) : 'mixin');
}

const rank = (group: string) =>
  group === 'kind' ? '0' : group === 'mixin' ? '1' : group === 'action' ? '3' : `2${group}`;

export async function discoverSites(
  ctx: Context,
  sites: string[],
  classes: readonly CategoryClass[],
): Promise<number> {
  const results = await acrossSites(ctx, sites, (site) => site.model());
  const rows = new Map<string, Row>();
  for (const r of results) {
    if (!r.ok) continue;
    const model = r.value as Model;
    for (const c of model.categories()) {
      if (!classes.includes(c.class) || c.scheme === CORE) continue;
      const id = c.scheme + c.term;
      let row = rows.get(id);
      if (!row) {
        row = { id, category: c, group: groupOf(model, c), sites: {} };
        for (const s of results) row.sites[s.site] = s.ok ? false : null;
        rows.set(id, row);
      }
      row.sites[r.site] = true;
    }
  }
  const ordered = [...rows.values()]
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row.group).localeCompare(rank(b.row.group)) || a.i - b.i)
    .map(({ row }) => row);
  if (!results.some((r) => r.ok)) return reportFailures(ctx, results);
  if (ctx.output === 'json') {
    const categories = ordered.map((row) => {
      const { attributes: _a, ...category } = categoryJson(row.category);
      return { ...category, group: row.group, sites: row.sites };
    });
    await ctx.printData(
      {
        sites: results.map((r) =>
          r.ok ? { site: r.site, answered: true } : { site: r.site, answered: false },
        ),
        categories,
      },
      categories,
    );
  } else {
    const s = ctx.style;
    const shared = (row: Row) =>
      ordered.some((o) => o !== row && o.group === row.group && o.category.term === row.category.term);
    ctx.print(
      table(
        ['CLASS', 'NAME', ...sites],
        ordered.map((row) => [
          row.group,
          shared(row) ? `${row.category.term} (${row.category.scheme})` : s.bold(row.category.term),
          ...sites.map((site) =>
            row.sites[site] === true ? s.green('yes') : row.sites[site] === null ? '?' : s.dim('-'),
          ),
        ]),
        s,
      ),
    );
  }
  return reportFailures(ctx, results);
}
