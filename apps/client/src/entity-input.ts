/** The entity a command line describes: `--attr`, `--mixin`, `--title`, `--summary`, `--link` (create, update, replace). */
import type { Attribute, EntityDraft, Model, TypeIdentifier } from '@occi/core';
import { LINK_KIND } from '@occi/core';
import type { Command } from 'commander';
import { collect, parseAssignments, typingDefinitions } from './attributes.js';
import { usageError } from './exit-codes.js';
import type { EntityInput } from './http-client.js';
import { kindOfLocation, resolveCategory, resolveId } from './resolve.js';

/** Adds the options that describe an entity. */
export function entityOptions(command: Command, links: boolean): Command {
  command
    .option(
      '-a, --attr <name=value>',
      'an attribute value, typed by its definition, else by its look (2, true); name:=<json> for JSON (repeatable)',
      collect,
      [],
    )
    .option('-m, --mixin <name>', 'a mixin or template, e.g. os_tpl#ubuntu, small (repeatable)', collect, [])
    .option('--title <title>', 'the title (occi.core.title)')
    .option('--summary <summary>', 'the summary of a resource (occi.core.summary)');
  if (links)
    command.option(
      '-l, --link <target[,kind][,name=value...]>',
      'an inline link to a resource, of a link kind (default: Core link), with attributes (repeatable)',
      collect,
      [],
    );
  return command;
}

/** The definitions that type the attributes of an entity of `kind` with `mixins` (see `typingDefinitions`). */
function definitionsOf(
  model: Model,
  kind: TypeIdentifier | undefined,
  mixins: readonly TypeIdentifier[],
  typesKnown: boolean,
) {
  const defs = new Map<string, Attribute>();
  if (kind !== undefined && model.kind(kind))
    for (const [n, a] of model.attributes(kind, mixins)) defs.set(n, a);
  for (const m of model.mixinClosure(mixins))
    for (const [n, a] of m.attributes) if (!defs.has(n)) defs.set(n, a);
  return typingDefinitions(defs, typesKnown);
}

/** An inline link (Core §5.4.3): `target[,kind][,name=value...]`. */
export function parseLink(model: Model, spec: string, endpoint?: string, typesKnown = true): EntityDraft {
  const parts = spec.split(',').map((p) => p.trim());
  const target = parts.shift();
  if (!target) throw usageError(`--link "${spec}" names no target`);
  let kind: TypeIdentifier = LINK_KIND;
  const assignments: string[] = [];
  for (const p of parts) {
    if (p.includes('=')) assignments.push(p);
    else if (p !== '') {
      const k = resolveCategory(model, p, ['kind']);
      kind = k.scheme + k.term;
      if (!model.isLinkKind(kind)) throw usageError(`--link "${spec}": ${k.term} is not a kind of link`);
    }
  }
  const link: EntityDraft = {
    kind,
    mixins: [],
    target: { location: target },
    attributes: parseAssignments(assignments, definitionsOf(model, kind, [], typesKnown)),
  };
  // The target's kind, when its location tells (text renderings write it in `rel`, GFD.229 §5.4.3).
  const targetKind = kindOfLocation(model, target, endpoint);
  if (targetKind !== undefined) link.target = { location: target, kind: targetKind };
  return link;
}

export interface EntityInputOptions {
  kind?: TypeIdentifier;
  /** The kind of the entity when `kind` is not sent (update): to type attribute values. */
  typeAs?: TypeIdentifier;
  typeMixins?: readonly TypeIdentifier[];
  /** The endpoint, to read absolute URLs. */
  endpoint?: string;
  /** Whether discovery carried attribute types (`OcciClient.attributeTypesKnown()`); default true. */
  typesKnown?: boolean;
}

/** The Core attributes (Core §5.4.1) an entity input carries in fields of its own, and the flag that gives each. */
const CORE_FIELDS = {
  'occi.core.id': 'id',
  'occi.core.title': 'title',
  'occi.core.summary': 'summary',
  'occi.core.source': 'source',
  'occi.core.target': 'target',
} as const;
const FLAG_OF: Partial<Record<string, string>> = { title: '--title', summary: '--summary' };

/**
 * Moves `--attr occi.core.*` values into the input's own fields: they are
 * attributes in the documents (Core §5.4.1), and the wire formats carry
 * them apart from the others.
 */
function takeCoreAttributes(input: EntityInput): void {
  const attributes = input.attributes ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!name.startsWith('occi.core.')) continue;
    const field = CORE_FIELDS[name as keyof typeof CORE_FIELDS];
    if (field === undefined)
      throw usageError(
        `--attr ${name}: not a Core attribute a client sets; known: ${Object.keys(CORE_FIELDS).join(', ')}`,
      );
    if (typeof value !== 'string') throw usageError(`--attr ${name}: must be a string`);
    const given = field === 'source' || field === 'target' ? input[field]?.location : input[field];
    if (given !== undefined && given !== value)
      throw usageError(`--attr ${name}=${value} and ${FLAG_OF[field] ?? field} ${given} disagree: give one`);
    if (field === 'source' || field === 'target') input[field] = { location: value };
    else input[field] = value;
    delete attributes[name];
  }
}

/** The entity input the options describe. */
export function entityInput(
  model: Model,
  opts: Record<string, unknown>,
  how: EntityInputOptions = {},
): EntityInput {
  const mixins = ((opts.mixin as string[] | undefined) ?? []).map((m) => resolveId(model, m, ['mixin']));
  const typesKnown = how.typesKnown ?? true;
  const defs = definitionsOf(
    model,
    how.kind ?? how.typeAs,
    [...mixins, ...(how.typeMixins ?? [])],
    typesKnown,
  );
  const input: EntityInput = {
    attributes: parseAssignments((opts.attr as string[] | undefined) ?? [], defs),
  };
  if (how.kind !== undefined) input.kind = how.kind;
  if (mixins.length > 0) input.mixins = mixins;
  if (typeof opts.title === 'string') input.title = opts.title;
  if (typeof opts.summary === 'string') input.summary = opts.summary;
  takeCoreAttributes(input);
  const links = (opts.link as string[] | undefined) ?? [];
  if (links.length > 0) input.links = links.map((l) => parseLink(model, l, how.endpoint, typesKnown));
  return input;
}
