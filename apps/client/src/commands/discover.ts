/** `occi discover`: the kinds, mixins and actions of the query interface (HTTP §7.1), as a tree or a table. */
import type { Category, CategoryClass, Model } from '@occi/core';
import { examples, type Register } from '../command.js';
import { usageError } from '../exit-codes.js';
import { categoryJson, type Style, table, termOf } from '../output.js';
import { siteNames } from '../sites.js';

const id = (c: Category) => c.scheme + c.term;

function line(c: Category, s: Style): string {
  const location = c.class !== 'action' && c.location !== undefined ? `  ${s.cyan(c.location)}` : '';
  return `${s.bold(c.term)}${location}  ${s.dim(id(c))}`;
}

/** Parent → children: kinds by `parent`, mixins by their first `depends` in the model. */
function tree(model: Model, categories: readonly Category[], s: Style): string {
  const ids = new Set(categories.map(id));
  const parentOf = (c: Category): string | undefined => {
    const p =
      c.class === 'kind' ? c.parent : c.class === 'mixin' ? c.depends.find((d) => ids.has(d)) : undefined;
    return p !== undefined && ids.has(p) ? p : undefined;
  };
  const children = new Map<string | undefined, Category[]>();
  for (const c of categories) {
    const p = parentOf(c);
    children.set(p, [...(children.get(p) ?? []), c]);
  }
  let out = '';
  const walk = (c: Category, prefix: string, last: boolean, root: boolean) => {
    out += `  ${root ? '' : `${prefix}${last ? '└─ ' : '├─ '}`}${line(c, s)}`;
    if (c.class !== 'action' && c.actions.length > 0)
      out += `  ${s.dim(`actions: ${c.actions.map(termOf).join(' ')}`)}`;
    if (c.class === 'action') {
      const definers = model.definersOf(id(c)).map(termOf);
      if (definers.length > 0) out += `  ${s.dim(`on: ${definers.join(' ')}`)}`;
    }
    out += '\n';
    const kids = children.get(id(c)) ?? [];
    const next = root ? '' : `${prefix}${last ? '   ' : '│  '}`;
    for (const [i, k] of kids.entries()) walk(k, next, i === kids.length - 1, false);
  };
  for (const c of children.get(undefined) ?? []) walk(c, '', true, true);
  return out;
}

export const register: Register = (program, act) => {
  program
    .command('discover')
    .description(
      "list the kinds, mixins and actions the server offers (its query interface, '/-/'); with --sites, which site offers what",
    )
    .option('--table', 'one row per category instead of a tree')
    .option('--class <class>', 'only this class: kind, mixin or action')
    .addHelpText(
      'after',
      examples(
        'occi discover',
        'occi discover --table --class mixin',
        'occi discover --output json | jq ".kinds[].id"',
        'occi discover --sites a,b,c     # which site offers which kinds, mixins and templates',
      ),
    )
    .action(
      act(async (ctx, _args, opts) => {
        const classes: CategoryClass[] = ['kind', 'mixin', 'action'];
        if (opts.class !== undefined && !classes.includes(opts.class as CategoryClass))
          throw usageError(`--class "${opts.class}" is not one of kind, mixin, action`);
        const wanted = opts.class !== undefined ? [opts.class as CategoryClass] : classes;
        const sites = siteNames(ctx);
        if (sites) {
          const { discoverSites } = await import('../discover-sites.js');
          return discoverSites(ctx, sites, opts.class !== undefined ? wanted : ['kind', 'mixin']);
        }
        // Discovered afresh: what earlier runs learnt about the endpoint is learnt again (learnt.ts).
        const model = await ctx.model({ relearn: true });
        const client = await ctx.client();
        const of = (cls: CategoryClass) =>
          wanted.includes(cls) ? model.categories().filter((c) => c.class === cls) : [];
        const [kinds, mixins, actions] = [of('kind'), of('mixin'), of('action')];
        if (ctx.output === 'json') {
          const all = {
            kinds: kinds.map(categoryJson),
            mixins: mixins.map(categoryJson),
            actions: actions.map(categoryJson),
          };
          await ctx.printData(all, [...all.kinds, ...all.mixins, ...all.actions]);
        } else if (ctx.output === 'text') {
          const rendering = await ctx.textRendering();
          const payload = rendering.renderCategories(
            { kinds, mixins, actions },
            { model, baseUrl: client.endpoint },
          );
          ctx.print(payload.body.replace(/\r\n/g, '\n'));
        } else if (opts.table) {
          ctx.print(
            table(
              ['CLASS', 'TERM', 'SCHEME', 'LOCATION', 'TITLE'],
              [...kinds, ...mixins, ...actions].map((c) => [
                c.class,
                ctx.style.bold(c.term),
                c.scheme,
                c.class !== 'action' ? (c.location ?? '') : '',
                c.title ?? '',
              ]),
              ctx.style,
            ),
          );
        } else {
          const s = ctx.style;
          const sections: [string, Category[]][] = [
            ['Kinds', kinds],
            ['Mixins', mixins],
            ['Actions', actions],
          ];
          ctx.print(
            sections
              .filter(([, list]) => list.length > 0)
              .map(([title, list]) => `${s.bold(title)}\n${tree(model, list, s)}`)
              .join('\n'),
          );
        }
        return undefined;
      }),
    );
};
