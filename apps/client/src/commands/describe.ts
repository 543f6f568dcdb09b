/**
 * `occi describe <kind|mixin|action|location>`: a category's attribute
 * definitions (Core §5.3.2: type, required, mutable, default, description),
 * inherited ones included; for an entity, its attributes with their values.
 */
import type { Attribute, Category, Model, TypeIdentifier } from '@occi/core';
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { printEntity } from '../entity-view.js';
import { categoryJson, cell, keyValues, table, termOf } from '../output.js';
import { resolveCategory } from '../resolve.js';

const id = (c: Category) => c.scheme + c.term;

/** Every attribute of a category with the category that defines it: a kind's chain, a mixin's dependencies. */
function definitions(model: Model, c: Category): { attribute: Attribute; from: TypeIdentifier }[] {
  const chain: Category[] =
    c.class === 'kind'
      ? [...model.kindChain(id(c))].reverse()
      : c.class === 'mixin'
        ? [...model.mixinClosure([id(c)])].reverse()
        : [c];
  const seen = new Map<string, { attribute: Attribute; from: TypeIdentifier }>();
  for (const k of chain.length > 0 ? chain : [c])
    for (const [name, attribute] of k.attributes) seen.set(name, { attribute, from: id(k) });
  return [...seen.values()];
}

function typeCell(a: Attribute): string {
  const values = a.pattern?.enum;
  if (Array.isArray(values)) return `${a.type}: ${values.map((v) => cell(v)).join('|')}`;
  if (a.pattern?.type === 'integer') return 'integer';
  if (typeof a.pattern?.format === 'string') return `${a.type} (${a.pattern.format})`;
  return a.type;
}

function definitionJson(a: Attribute, from: TypeIdentifier): Record<string, unknown> {
  const d: Record<string, unknown> = { type: a.type, required: a.required, mutable: a.mutable };
  if (a.default !== undefined) d.default = a.default;
  if (a.pattern !== undefined) d.pattern = a.pattern;
  if (a.description !== undefined) d.description = a.description;
  d.definedBy = from;
  return d;
}

async function describeCategory(ctx: Context, model: Model, c: Category): Promise<void> {
  const defs = definitions(model, c);
  if (ctx.output === 'json') {
    const attributes: Record<string, unknown> = {};
    for (const { attribute, from } of defs) attributes[attribute.name] = definitionJson(attribute, from);
    await ctx.printData({ ...categoryJson(c), attributes });
    return;
  }
  if (ctx.output === 'text') {
    const client = await ctx.client();
    const rendering = await ctx.textRendering();
    const one = {
      kinds: c.class === 'kind' ? [c] : [],
      mixins: c.class === 'mixin' ? [c] : [],
      actions: c.class === 'action' ? [c] : [],
    };
    ctx.print(
      rendering.renderCategories(one, { model, baseUrl: client.endpoint }).body.replace(/\r\n/g, '\n'),
    );
    return;
  }
  const s = ctx.style;
  const pairs: [string, string][] = [];
  if (c.title !== undefined) pairs.push(['title', c.title]);
  if (c.class === 'kind' && c.parent !== undefined) pairs.push(['parent', c.parent]);
  if (c.class === 'mixin') {
    if (c.depends.length > 0) pairs.push(['depends', c.depends.join(' ')]);
    if (c.applies.length > 0) pairs.push(['applies', c.applies.join(' ')]);
  }
  if (c.class !== 'action') {
    pairs.push([
      'location',
      c.location !== undefined ? s.cyan(c.location) : s.dim('(none: not instantiable here)'),
    ]);
    if (c.actions.length > 0) pairs.push(['actions', c.actions.map(termOf).join(' ')]);
  } else {
    const on = model.definersOf(id(c));
    if (on.length > 0) pairs.push(['on', on.map(termOf).join(' ')]);
  }
  let out = `${c.class} ${s.bold(c.term)}  ${s.dim(id(c))}\n${keyValues(pairs, s)}`;
  if (defs.length > 0) {
    out += '\n';
    out += table(
      [
        c.class === 'action' ? 'PARAMETER' : 'ATTRIBUTE',
        'TYPE',
        'REQUIRED',
        'MUTABLE',
        'DEFAULT',
        'FROM',
        'DESCRIPTION',
      ],
      defs.map(({ attribute: a, from }) => [
        s.bold(a.name),
        typeCell(a),
        a.required ? 'yes' : 'no',
        a.mutable ? 'yes' : 'no',
        cell(a.default),
        termOf(from),
        a.description ?? '',
      ]),
      s,
    );
  } else out += `\n${s.dim(c.class === 'action' ? '(no parameters)' : '(no attributes)')}\n`;
  ctx.print(out);
}

export const register: Register = (program, act) => {
  program
    .command('describe')
    .argument('<name>', 'a kind, mixin or action (short name or type identifier), or a location')
    .description(
      'show the attributes of a kind, mixin or action (type, required, mutable, default, description)',
    )
    .addHelpText(
      'after',
      examples(
        'occi describe compute',
        'occi describe os_tpl#ubuntu',
        'occi describe /compute/',
        'occi describe /compute/3f2a…',
      ),
    )
    .action(
      act(async (ctx, [name], _opts) => {
        const client = await ctx.client();
        const model = await client.discover();
        const isLocation = name!.startsWith('/') || /^https?:\/\//i.test(name!);
        if (isLocation) {
          const path = name!.startsWith('/') ? name! : name!.slice(client.endpoint.length);
          const collection = model.byLocation(path) ?? model.byLocation(`${path}/`);
          if (collection) return void (await describeCategory(ctx, model, collection));
          // An entity: its attributes, defined by its kind and mixins, with their values.
          const entity = await client.get(name!);
          if (ctx.output !== 'table') return void (await printEntity(ctx, entity));
          const defs = new Map<string, Attribute>();
          if (model.kind(entity.kind))
            for (const [n, a] of model.attributes(entity.kind, entity.mixins)) defs.set(n, a);
          const names = [...new Set([...defs.keys(), ...Object.keys(entity.attributes)])];
          const s = ctx.style;
          ctx.print(
            `${termOf(entity.kind)} ${s.bold(entity.location ?? name!)}  ${s.dim(entity.id)}\n\n` +
              table(
                ['ATTRIBUTE', 'TYPE', 'REQUIRED', 'MUTABLE', 'VALUE', 'DESCRIPTION'],
                names.map((n) => {
                  const a = defs.get(n);
                  return [
                    s.bold(n),
                    a ? typeCell(a) : '?',
                    a ? (a.required ? 'yes' : 'no') : '',
                    a ? (a.mutable ? 'yes' : 'no') : '',
                    cell(entity.attributes[n]),
                    a?.description ?? '',
                  ];
                }),
                s,
              ),
          );
          return undefined;
        }
        await describeCategory(ctx, model, resolveCategory(model, name!, ['kind', 'mixin', 'action']));
        return undefined;
      }),
    );
};
