/**
 * `occi action <target> <action>`: invoke an action on an entity (HTTP
 * §8.4) or on every entity of a collection (HTTP §9.4). With `--sites`, an
 * entity is at one site (`site:location`, or found by its id), and a
 * collection named by kind or mixin is acted on at every site.
 */
import type { Category, Entity, TypeIdentifier } from '@occi/core';
import { collect, parseAssignments, typingDefinitions } from '../attributes.js';
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { entitiesTable, printEntity } from '../entity-view.js';
import { categoryJson, entityJson } from '../output.js';
import { waitOptions, waitWithProgress } from '../progress.js';
import { isLocation, kindOfLocation, resolveCategory } from '../resolve.js';
import { acrossSites, locateAcrossSites, reportFailures, siteNames, splitSite } from '../sites.js';

const isId = (name: string) => /^urn:|^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(name);

type Outcome =
  | { categories: Category[] }
  | { entity: Entity | undefined }
  | { locations: string[]; entities: Entity[] };

/** Invokes the action at the endpoint of `ctx`; waits when asked. */
async function invoke(
  ctx: Context,
  targetName: string,
  actionName: string,
  opts: Record<string, unknown>,
): Promise<Outcome> {
  const client = await ctx.client();
  const model = await client.discover();
  let target: string;
  let collection = false;
  let among: TypeIdentifier[] = [];
  if (isLocation(targetName)) {
    target = targetName;
    const path = target.startsWith('/') ? target : target.slice(client.endpoint.length);
    const bound = model.byLocation(path);
    if (bound) {
      collection = true;
      among = bound.class === 'kind' ? model.actionsOf(bound.scheme + bound.term) : [...bound.actions];
    } else {
      const kind = kindOfLocation(model, target, client.endpoint);
      if (kind !== undefined) among = model.actionsOf(kind);
    }
  } else if (isId(targetName)) {
    target = await ctx.locate(targetName);
    const kind = kindOfLocation(model, target, client.endpoint);
    if (kind !== undefined) among = model.actionsOf(kind);
  } else {
    const c = resolveCategory(model, targetName, ['kind', 'mixin']);
    target = c.scheme + c.term;
    collection = true;
    among = c.class === 'kind' ? model.actionsOf(target) : c.class === 'mixin' ? [...c.actions] : [];
  }
  const action = resolveCategory(model, actionName, ['action'], { among });
  const parameters = parseAssignments(
    opts.attr as string[],
    typingDefinitions(action.attributes, await client.attributeTypesKnown()),
  );
  const result = await client.invoke(target, action.scheme + action.term, parameters);
  // The action made new categories (e.g. an OS template `save`, HTTP §8.4).
  if (result.categories) return { categories: result.categories };
  if (!collection) {
    const location = result.entity?.location ?? target;
    if (typeof opts.wait === 'string') return { entity: await waitWithProgress(ctx, client, location, opts) };
    return { entity: result.entity ?? (ctx.output === 'table' ? undefined : await client.get(location)) };
  }
  const locations = result.locations ?? [];
  let entities = result.entities ?? [];
  if (typeof opts.wait === 'string') {
    entities = [];
    for (const l of locations) entities.push(await waitWithProgress(ctx, client, l, opts));
  }
  return { locations, entities };
}

async function print(ctx: Context, outcome: Outcome): Promise<void> {
  if ('categories' in outcome) {
    if (ctx.output === 'json')
      await ctx.printData(
        { categories: outcome.categories.map(categoryJson) },
        outcome.categories.map(categoryJson),
      );
    else ctx.print(outcome.categories.map((c) => `${c.scheme}${c.term}\n`).join(''));
  } else if ('entity' in outcome) {
    if (outcome.entity) await printEntity(ctx, outcome.entity);
  } else {
    const { locations, entities } = outcome;
    if (ctx.output === 'json')
      await ctx.printData(
        entities.length > 0 ? entities.map((e) => ({ location: e.location, ...e })) : locations,
      );
    else if (ctx.output === 'text' || entities.length === 0)
      ctx.print(locations.map((l) => `${l}\n`).join(''));
    else ctx.print(entitiesTable(ctx, entities));
  }
}

/** A collection at every site: one table (or list) with the site of each entity. */
async function invokeAtSites(
  ctx: Context,
  sites: string[],
  targetName: string,
  actionName: string,
  opts: Record<string, unknown>,
): Promise<number> {
  const results = await acrossSites(ctx, sites, (site) => invoke(site, targetName, actionName, opts));
  const rows: { site: string; location: string; entity?: Entity }[] = [];
  for (const r of results) {
    if (!r.ok || !r.value || !('locations' in r.value)) continue;
    const { locations, entities } = r.value;
    if (entities.length > 0)
      for (const e of entities) rows.push({ site: r.site, location: e.location ?? e.id, entity: e });
    else for (const l of locations) rows.push({ site: r.site, location: l });
  }
  const withEntities = rows.every((r) => r.entity !== undefined) && rows.length > 0;
  if (ctx.output === 'json')
    await ctx.printData(
      rows.map((r) =>
        r.entity ? { site: r.site, ...entityJson(r.entity) } : { site: r.site, location: r.location },
      ),
    );
  else if (ctx.output === 'text' || !withEntities)
    ctx.print(rows.map((r) => `${r.site}:${r.location}\n`).join(''));
  else
    ctx.print(
      entitiesTable(
        ctx,
        rows.map((r) => r.entity!),
        rows.map((r) => r.site),
      ),
    );
  return reportFailures(ctx, results);
}

export const register: Register = (program, act) => {
  const command = program
    .command('action')
    .argument(
      '<target>',
      'an entity (location or id; site:location with --sites), or a collection (kind, mixin or collection location)',
    )
    .argument('<action>', 'the action (short name, e.g. start, or type identifier)')
    .description('invoke an action on an entity or on a whole collection')
    .option('-a, --attr <name=value>', 'an action parameter (repeatable)', collect, []);
  waitOptions(command)
    .addHelpText(
      'after',
      examples(
        'occi action /compute/6df6… start --wait active',
        'occi action /compute/6df6… stop --attr method=acpioff',
        'occi action compute stop        # every compute resource',
        'occi --sites a,b action compute start        # at every site',
      ),
    )
    .action(
      act(async (ctx, [targetName, actionName], opts) => {
        const sites = siteNames(ctx);
        if (!sites) return void (await print(ctx, await invoke(ctx, targetName!, actionName!, opts)));
        const { site, reference } = splitSite(targetName!, sites);
        if (site === undefined && !isLocation(reference) && !isId(reference))
          return invokeAtSites(ctx, sites, reference, actionName!, opts);
        const found =
          site !== undefined && isLocation(reference)
            ? { site, location: reference }
            : await locateAcrossSites(ctx, sites, targetName!);
        const siteCtx = ctx.forSite(found.site);
        await print(siteCtx, await invoke(siteCtx, found.location, actionName!, opts));
        return undefined;
      }),
    );
};
