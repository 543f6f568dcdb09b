/**
 * `--check-model`: the message against a server's model (its query
 * interface, HTTP §7.1) — every entity, of a collection too, and every
 * inline link: known kinds and mixins of the right class, attributes their
 * kind and mixins define, values of the defined type (Core §5.3.2).
 */
import type { Category, EntityDraft, Model } from '@occi/core';
import type { Finding, Parsed } from './check-message.js';
import { collectionPointers, pointerTo } from './positions.js';
import type { RawMessage } from './raw-message.js';

const typeOf = (value: unknown) =>
  Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'object'
        : typeof value;

interface Where {
  /** JSON pointer of the entity (JSON only). */
  pointer: string;
  /** How the entity is named in messages: '' for the message's own, `link to /x: ` for an inline link. */
  label: string;
  /** The inline link's target location, to find its line in a text message. */
  location?: string;
}

function checkEntity(e: EntityDraft, model: Model, where: Where, out: Finding[]): void {
  const at = (token: string, sub?: string | number) => {
    const p = pointerTo(where.pointer, token);
    return sub === undefined ? p : pointerTo(p, sub);
  };
  const extra = where.location !== undefined ? { location: where.location } : {};
  const link = where.location !== undefined || e.source !== undefined || e.target !== undefined;
  const kind = e.kind !== undefined ? model.kind(e.kind) : undefined;
  if (e.kind !== undefined && kind === undefined) {
    const other = model.get(e.kind);
    out.push({
      code: other ? 'wrong-category-class' : 'unknown-kind',
      message: `${where.label}${other ? `${e.kind} is a ${other.class}, not a kind` : `the model has no kind ${e.kind}`}`,
      category: e.kind,
      pointer: at('kind'),
      ...extra,
    });
  } else if (kind !== undefined && where.location !== undefined && !model.isLinkKind(kind.scheme + kind.term))
    out.push({
      code: 'invalid-link',
      message: `${where.label}${e.kind} is not a link kind (Core §5.4.2: a resource's links are Link instances)`,
      category: e.kind,
      pointer: at('kind'),
      ...extra,
    });
  const mixins = e.mixins ?? [];
  mixins.forEach((m, i) => {
    if (model.mixin(m) !== undefined) return;
    const other = model.get(m);
    out.push({
      code: other ? 'wrong-category-class' : 'unknown-mixin',
      message: `${where.label}${other ? `${m} is a ${other.class}, not a mixin` : `the model has no mixin ${m}`}`,
      category: m,
      pointer: at('mixins', i),
      ...extra,
    });
  });
  const targetKind = e.target?.kind;
  if (link && targetKind !== undefined && model.kind(targetKind) === undefined)
    out.push({
      code: 'unknown-kind',
      message: `${where.label}the model has no kind ${targetKind} (the target's kind)`,
      category: targetKind,
      pointer: at('target', 'kind'),
      ...extra,
    });
  if (kind !== undefined && e.kind !== undefined) {
    const defs = model.attributes(
      e.kind,
      mixins.filter((m) => model.mixin(m)),
    );
    for (const [name, value] of Object.entries(e.attributes ?? {})) {
      const d = defs.get(name);
      if (!d)
        out.push({
          code: 'unknown-attribute',
          message: `${where.label}${e.kind} and its mixins define no attribute ${name}`,
          attribute: name,
          pointer: at('attributes', name),
          ...extra,
        });
      else if (typeOf(value) !== d.type)
        out.push({
          code: 'attribute-type',
          message: `${where.label}${name} is a ${d.type}, the message gives a ${typeOf(value)}`,
          attribute: name,
          pointer: at('attributes', name),
          ...extra,
        });
    }
  }
  (e.links ?? []).forEach((l, j) => {
    const location = l.target?.location ?? '';
    checkEntity(
      l as EntityDraft,
      model,
      { pointer: at('links', j), label: `link to ${location}: `, location },
      out,
    );
  });
}

/** Mixins' `depends` and `applies`, kinds' `parent`: known to the model or defined by the same message. */
function checkCategories(categories: readonly Category[], model: Model, out: Finding[]): void {
  const defined = new Set(categories.map((c) => c.scheme + c.term));
  const known = (id: string, what: string, of: Category) => {
    if (!defined.has(id) && model.get(id) === undefined)
      out.push({
        code: 'unknown-category',
        message: `${of.scheme + of.term}: the model has no ${what} ${id}`,
        category: id,
      });
  };
  for (const c of categories) {
    if (c.class === 'mixin') {
      for (const d of c.depends) known(d, 'mixin', c);
      for (const a of c.applies) known(a, 'kind', c);
    } else if (c.class === 'kind' && c.parent !== undefined) known(c.parent, 'kind', c);
  }
}

/** Checks the message against a server's model. */
export function checkAgainstModel(parsed: Parsed, model: Model, message: RawMessage): Finding[] {
  const out: Finding[] = [];
  switch (parsed.type) {
    case 'entity':
    case 'update':
      checkEntity(parsed.value, model, { pointer: '', label: '' }, out);
      break;
    case 'collection':
    case 'model': {
      const { entities } = parsed.value;
      const pointers = collectionPointers(entities.length, message);
      entities.forEach((e, i) => {
        checkEntity(e, model, { pointer: pointers[i]!, label: '' }, out);
      });
      if (parsed.type === 'model') {
        const { kinds, mixins, actions } = parsed.value.categories;
        checkCategories([...kinds, ...mixins, ...actions], model, out);
      }
      break;
    }
    case 'categories': {
      const { kinds, mixins, actions } = parsed.value;
      checkCategories([...kinds, ...mixins, ...actions], model, out);
      break;
    }
    case 'action': {
      const { action, attributes } = parsed.value;
      const definition = model.action(action);
      if (definition === undefined) {
        const other = model.get(action);
        out.push({
          code: other ? 'wrong-category-class' : 'unknown-action',
          message: other
            ? `${action} is a ${other.class}, not an action`
            : `the model has no action ${action}`,
          category: action,
          pointer: '/action',
        });
        break;
      }
      for (const [name, value] of Object.entries(attributes ?? {})) {
        const d = definition.attributes.get(name);
        if (!d)
          out.push({
            code: 'unknown-attribute',
            message: `${action} has no parameter ${name}`,
            attribute: name,
            pointer: pointerTo('/attributes', name),
          });
        else if (typeOf(value) !== d.type)
          out.push({
            code: 'attribute-type',
            message: `${name} is a ${d.type}, the message gives a ${typeOf(value)}`,
            attribute: name,
            pointer: pointerTo('/attributes', name),
          });
      }
      break;
    }
  }
  return out;
}
