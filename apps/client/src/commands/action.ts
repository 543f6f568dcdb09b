/**
 * `occi action <target> <action>`: invoke an action on an entity (HTTP
 * §8.4) or on every entity of a collection (HTTP §9.4).
 */
import type { TypeIdentifier } from '@occi/core';
import { collect, parseAssignments, typingDefinitions } from '../attributes.js';
import { examples, type Register } from '../command.js';
import { entitiesTable, printEntity } from '../entity-view.js';
import { categoryJson, json } from '../output.js';
import { waitOptions, waitWithProgress } from '../progress.js';
import { isLocation, kindOfLocation, resolveCategory } from '../resolve.js';

export const register: Register = (program, act) => {
  const command = program
    .command('action')
    .argument('<target>', 'an entity (location or id), or a collection (kind, mixin or collection location)')
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
      ),
    )
    .action(
      act(async (ctx, [targetName, actionName], opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        let target: string;
        let collection = false;
        let among: TypeIdentifier[] = [];
        if (isLocation(targetName!)) {
          target = targetName!;
          const path = target.startsWith('/') ? target : target.slice(client.endpoint.length);
          const bound = model.byLocation(path);
          if (bound) {
            collection = true;
            among = bound.class === 'kind' ? model.actionsOf(bound.scheme + bound.term) : [...bound.actions];
          } else {
            const kind = kindOfLocation(model, target, client.endpoint);
            if (kind !== undefined) among = model.actionsOf(kind);
          }
        } else if (/^urn:|^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(targetName!)) {
          target = await ctx.locate(targetName!);
          const kind = kindOfLocation(model, target, client.endpoint);
          if (kind !== undefined) among = model.actionsOf(kind);
        } else {
          const c = resolveCategory(model, targetName!, ['kind', 'mixin']);
          target = c.scheme + c.term;
          collection = true;
          among = c.class === 'kind' ? model.actionsOf(target) : c.class === 'mixin' ? [...c.actions] : [];
        }
        const action = resolveCategory(model, actionName!, ['action'], { among });
        const actionId = action.scheme + action.term;
        const parameters = parseAssignments(
          opts.attr as string[],
          typingDefinitions(action.attributes, await client.attributeTypesKnown()),
        );
        const result = await client.invoke(target, actionId, parameters);
        if (result.categories) {
          // The action made new categories (e.g. an OS template `save`, HTTP §8.4).
          if (ctx.output === 'json') ctx.print(json({ categories: result.categories.map(categoryJson) }));
          else ctx.print(result.categories.map((c) => `${c.scheme}${c.term}\n`).join(''));
          return undefined;
        }
        if (!collection) {
          const location = result.entity?.location ?? target;
          const entity =
            typeof opts.wait === 'string'
              ? await waitWithProgress(ctx, client, location, opts)
              : (result.entity ?? (ctx.output === 'table' ? undefined : await client.get(location)));
          if (entity) await printEntity(ctx, entity);
          return undefined;
        }
        const locations = result.locations ?? [];
        let entities = result.entities ?? [];
        if (typeof opts.wait === 'string') {
          entities = [];
          for (const l of locations) entities.push(await waitWithProgress(ctx, client, l, opts));
        }
        if (ctx.output === 'json')
          ctx.print(
            json(entities.length > 0 ? entities.map((e) => ({ location: e.location, ...e })) : locations),
          );
        else if (ctx.output === 'text' || entities.length === 0)
          ctx.print(locations.map((l) => `${l}\n`).join(''));
        else ctx.print(entitiesTable(ctx, entities));
        return undefined;
      }),
    );
};
