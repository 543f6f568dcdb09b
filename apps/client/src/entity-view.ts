/** How entities and entity collections are printed in each output format. */
import type { Entity } from '@occi/core';
import type { Context } from './context.js';
import { cell, entityJson, keyValues, stateOf, table, termOf } from './output.js';

function refCell(ref: { location: string; kind?: string } | undefined): string {
  return ref === undefined ? '' : `${ref.location}${ref.kind ? ` (${termOf(ref.kind)})` : ''}`;
}

/** An entity's JSON with the site it is at first, when the command spans sites (`--sites`). */
export function siteJson(ctx: Context, value: Record<string, unknown>): Record<string, unknown> {
  return ctx.site !== undefined ? { site: ctx.site, ...value } : value;
}

/** The entity as `key  value` lines, its attributes and links below. */
export function entityTable(ctx: Context, entity: Entity): string {
  const s = ctx.style;
  const pairs: [string, string][] = [];
  if (ctx.site !== undefined) pairs.push(['site', ctx.site]);
  if (entity.location !== undefined) pairs.push(['location', s.cyan(entity.location)]);
  pairs.push(['id', entity.id]);
  pairs.push(['kind', `${s.bold(termOf(entity.kind))} ${s.dim(entity.kind)}`]);
  if (entity.mixins.length > 0) pairs.push(['mixins', entity.mixins.join(' ')]);
  if (entity.title !== undefined) pairs.push(['title', entity.title]);
  if (entity.summary !== undefined) pairs.push(['summary', entity.summary]);
  if (entity.source !== undefined) pairs.push(['source', refCell(entity.source)]);
  if (entity.target !== undefined) pairs.push(['target', refCell(entity.target)]);
  const state = stateOf(entity);
  if (state !== undefined) pairs.push(['state', state === 'error' ? s.red(state) : s.green(state)]);
  if (entity.actions !== undefined && entity.actions.length > 0)
    pairs.push(['actions', entity.actions.map(termOf).join(' ')]);
  let out = keyValues(pairs, s);
  const attributes = Object.entries(entity.attributes);
  if (attributes.length > 0) {
    out += `\n${s.bold('attributes')}\n`;
    out += keyValues(
      attributes.map(([k, v]) => [k, cell(v)] as const),
      s,
      '  ',
    );
  }
  if (entity.links !== undefined && entity.links.length > 0) {
    out += `\n${s.bold('links')}\n`;
    out += table(
      ['  LOCATION', 'KIND', 'TARGET'],
      entity.links.map((l) => [`  ${l.location ?? l.id}`, termOf(l.kind), refCell(l.target)]),
      s,
    );
  }
  return out;
}

export async function printEntity(ctx: Context, entity: Entity): Promise<void> {
  if (ctx.output === 'json') await ctx.printData(siteJson(ctx, entityJson(entity)));
  else if (ctx.output === 'text') {
    const client = await ctx.client();
    const rendering = await ctx.textRendering();
    const payload = rendering.renderEntity(entity, {
      model: await client.discover(),
      baseUrl: client.endpoint,
    });
    ctx.print(payload.body.replace(/\r\n/g, '\n'));
  } else ctx.print(entityTable(ctx, entity));
}

/** A list of entities: LOCATION KIND TITLE STATE MIXINS; SITE first when `sites` gives each one's site. */
export function entitiesTable(ctx: Context, entities: readonly Entity[], sites?: readonly string[]): string {
  const s = ctx.style;
  return table(
    [...(sites ? ['SITE'] : []), 'LOCATION', 'KIND', 'TITLE', 'STATE', 'MIXINS'],
    entities.map((e, i) => {
      const state = stateOf(e) ?? '';
      return [
        ...(sites ? [sites[i]!] : []),
        s.cyan(e.location ?? e.id),
        termOf(e.kind),
        e.title ?? '',
        state === 'error' ? s.red(state) : state,
        e.mixins.map(termOf).join(' '),
      ];
    }),
    s,
  );
}

/** Locations as the text rendering writes a collection (X-OCCI-Location, GFD.229 §5.4). */
export function locationsText(locations: readonly string[], endpoint: string): string {
  return locations.map((l) => `X-OCCI-Location: ${l.startsWith('/') ? endpoint + l : l}\n`).join('');
}
