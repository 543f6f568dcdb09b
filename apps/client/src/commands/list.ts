/**
 * `occi list <kind|mixin|location>`: a collection (HTTP §9.1), filtered
 * (HTTP §6.2) and paged (HTTP §5).
 */
import type { Attribute, Model } from '@occi/core';
import { collect, parseAssignments, typingDefinitions } from '../attributes.js';
import { examples, type Register } from '../command.js';
import { entitiesTable, locationsText } from '../entity-view.js';
import { usageError } from '../exit-codes.js';
import { entityJson, json } from '../output.js';
import { resolveCategory, resolveId } from '../resolve.js';

/** Every attribute definition of the model by name (to type filter values). */
export function allDefinitions(model: Model): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const c of model.categories())
    if (c.class !== 'action') for (const [n, a] of c.attributes) out.set(n, a);
  return out;
}

function positive(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`--${name} "${String(value)}" must be a positive integer`);
  return n;
}

export const register: Register = (program, act) => {
  program
    .command('list')
    .argument('<collection>', 'a kind or mixin (short name or type identifier), or a collection location')
    .description('list the entities of a kind or mixin collection')
    .option(
      '-f, --filter <name=value>',
      'only entities whose attribute has this value (repeatable)',
      collect,
      [],
    )
    .option(
      '-c, --category <name>',
      'only entities of this kind or with this mixin too (repeatable)',
      collect,
      [],
    )
    .option('--page <n>', 'the page to get, counting from 1')
    .option('--number <n>', 'entities per page')
    .option('-a, --all', 'follow the pages until the end')
    .option('-q, --locations', 'print only the locations (no request per entity in text renderings)')
    .addHelpText(
      'after',
      examples(
        'occi list compute',
        'occi list compute --filter occi.compute.state=active --output json',
        'occi list os_tpl --all -q',
      ),
    )
    .action(
      act(async (ctx, [target], opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        const collection =
          target!.startsWith('/') || /^https?:\/\//i.test(target!)
            ? target!
            : resolveId(model, target!, ['kind', 'mixin']);
        const categories = (opts.category as string[]).map((c) =>
          resolveCategory(model, c, ['kind', 'mixin']),
        );
        const attributes = parseAssignments(
          opts.filter as string[],
          typingDefinitions(allDefinitions(model), await client.attributeTypesKnown()),
        );
        const filter =
          categories.length > 0 || Object.keys(attributes).length > 0
            ? { categories: categories.map((c) => c.scheme + c.term), attributes }
            : undefined;
        const page = positive(opts.page, 'page');
        const number = positive(opts.number, 'number');
        const locationsOnly = opts.locations === true || ctx.output === 'text';
        const result = await client.list(collection, {
          ...(filter ? { filter } : {}),
          ...(page !== undefined ? { page } : {}),
          ...(number !== undefined ? { number } : {}),
          ...(opts.all ? { all: true } : {}),
          details: !locationsOnly,
        });
        if (ctx.output === 'text') ctx.print(locationsText(result.locations, client.endpoint));
        else if (locationsOnly)
          ctx.print(
            ctx.output === 'json' ? json(result.locations) : result.locations.map((l) => `${l}\n`).join(''),
          );
        else if (ctx.output === 'json') ctx.print(json(result.entities.map(entityJson)));
        else ctx.print(entitiesTable(ctx, result.entities));
        return undefined;
      }),
    );
};
