/**
 * What the console draws from discovery (HTTP §7.1): which kinds have
 * collections to list, which mixins apply to a kind, and how those mixins
 * group into template families (a mixin that others depend on, such as
 * `os_tpl` or `resource_tpl`: Infrastructure §3.5, Core §5.3.4), one
 * choice per family. Nothing here names a particular extension.
 */
import type { Category, Kind, Mixin, Model, TypeIdentifier } from '@occi/core';
import { typeIdentifier } from '@occi/core';

export const idOf = (c: { scheme: string; term: string }): TypeIdentifier => typeIdentifier(c);

/** A category's name for people: its title, else its term. */
export function labelOf(category: Category | undefined, fallback = ''): string {
  return category?.title || category?.term || fallback;
}

/** The label of a type identifier the model may not know (a removed user mixin). */
export function labelOfId(model: Model, id: TypeIdentifier): string {
  return labelOf(model.get(id), id.slice(id.lastIndexOf('#') + 1) || id);
}

/** Kinds whose collection is bound to a location (HTTP §4): resource kinds first, then link kinds. */
export function listedKinds(model: Model): { resources: Kind[]; links: Kind[] } {
  const bound = model.kinds().filter((k) => k.location !== undefined);
  return {
    resources: bound.filter((k) => !model.isLinkKind(idOf(k))),
    links: bound.filter((k) => model.isLinkKind(idOf(k))),
  };
}

export interface TemplateFamily {
  /** The mixin the templates depend on (`os_tpl`). */
  root: Mixin;
  templates: Mixin[];
}

export interface MixinChoices {
  families: TemplateFamily[];
  /** Mixins that are neither a family's root nor one of its templates. */
  others: Mixin[];
}

/** The mixins that may be associated with an entity of `kind` (Core §5.3.4 `applies`), grouped. */
export function mixinChoices(model: Model, kind: TypeIdentifier): MixinChoices {
  const applicable = model.mixins().filter((m) => model.applies(m, kind));
  const roots = new Map<TypeIdentifier, TemplateFamily>();
  for (const m of applicable) {
    for (const dep of m.depends) {
      const root = model.mixin(dep);
      if (!root || !applicable.includes(root) || root.depends.length > 0) continue;
      const family = roots.get(dep) ?? { root, templates: [] };
      family.templates.push(m);
      roots.set(dep, family);
      break;
    }
  }
  const inFamily = new Set<Mixin>();
  for (const f of roots.values()) {
    inFamily.add(f.root);
    for (const t of f.templates) inFamily.add(t);
  }
  return { families: [...roots.values()], others: applicable.filter((m) => !inFamily.has(m)) };
}

/** The name of the attribute that holds an entity's state (`occi.compute.state`), if its kind has one. */
export function stateAttributeOf(model: Model, kind: TypeIdentifier): string | undefined {
  for (const k of model.kindChain(kind)) {
    for (const name of k.attributes.keys()) if (/\.state$/.test(name)) return name;
  }
  return undefined;
}

/** Whether the attribute is one of Core's model attributes, kept in the entity's own fields (title, summary, source, target). */
export const isCoreAttribute = (name: string): boolean => name.startsWith('occi.core.');
