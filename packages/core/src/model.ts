/**
 * The Model registry: every Kind, Mixin and Action of an implementation,
 * looked up by type identifier or location, with the queries discovery
 * (Core §5.3.9) and validation need.
 *
 * A Model is immutable. `Model.create` builds one from extensions (the Core
 * kinds are always included); `withMixins` derives one that also holds
 * user-defined mixins (Core §5.5.3), sharing everything else.
 */
import type { Attribute } from './attribute.js';
import { type Behaviour, layerBehaviours } from './behaviour.js';
import type { Action, Category, Kind, Mixin, TypeIdentifier } from './category.js';
import { typeIdentifier } from './category.js';
import { actionFromDefinition, kindFromDefinition, mixinFromDefinition } from './category-definitions.js';
import { coreExtension, ENTITY_KIND, LINK_KIND, RESOURCE_KIND } from './core-kinds.js';
import { OcciError } from './errors.js';
import type { Extension } from './extension.js';
import type { ExtensionDocument, MixinDefinition, TemplateFamily } from './extension-document.js';
import {
  firstDefinitions,
  type InheritedAttribute,
  mergeAttribute,
  withInheritedProperties,
} from './validation/attribute-redefinition.js';
import { validateExtensions } from './validation/extension-rules.js';

interface Registry {
  categories: Map<TypeIdentifier, Category>;
  byLocation: Map<string, Kind | Mixin>;
  /** Kind → direct child kinds; Mixin → mixins that directly depend on it. */
  children: Map<TypeIdentifier, TypeIdentifier[]>;
  /** Action → the kinds and mixins defining it. */
  definers: Map<TypeIdentifier, TypeIdentifier[]>;
}

function emptyRegistry(): Registry {
  return { categories: new Map(), byLocation: new Map(), children: new Map(), definers: new Map() };
}

function copyRegistry(r: Registry): Registry {
  return {
    categories: new Map(r.categories),
    byLocation: new Map(r.byLocation),
    children: new Map([...r.children].map(([k, v]) => [k, [...v]])),
    definers: new Map([...r.definers].map(([k, v]) => [k, [...v]])),
  };
}

function register(r: Registry, category: Category): void {
  const id = typeIdentifier(category);
  r.categories.set(id, category);
  if (category.class === 'action') return;
  if (category.location !== undefined) r.byLocation.set(category.location, category);
  const parents = category.class === 'kind' ? (category.parent ? [category.parent] : []) : category.depends;
  for (const parent of parents) r.children.set(parent, [...(r.children.get(parent) ?? []), id]);
  for (const action of category.actions) r.definers.set(action, [...(r.definers.get(action) ?? []), id]);
}

export class Model {
  readonly #r: Registry;
  readonly #behaviours: ReadonlyMap<TypeIdentifier, Behaviour>;
  readonly #templates: readonly TemplateFamily[];
  readonly #extensions: readonly Extension[];
  readonly #attributeCache = new Map<string, ReadonlyMap<string, Attribute>>();
  readonly #actionCache = new Map<string, readonly TypeIdentifier[]>();
  readonly #behaviourCache = new Map<string, readonly Behaviour[]>();
  /** Per kind: the type identifiers of its chain (isKindOf asks several times a request). */
  readonly #chainIds = new Map<TypeIdentifier, ReadonlySet<TypeIdentifier>>();

  private constructor(
    r: Registry,
    extensions: readonly Extension[],
    behaviours: ReadonlyMap<TypeIdentifier, Behaviour>,
  ) {
    this.#r = r;
    this.#extensions = extensions;
    this.#behaviours = behaviours;
    this.#templates = extensions.flatMap((e) => e.templates ?? []);
  }

  /**
   * Builds a model from extensions, after checking them all together
   * (`validateExtensions`): throws an `OcciError` of kind `bad-request`
   * with one problem per mistake.
   */
  static create(extensions: readonly Extension[] = []): Model {
    const all: Extension[] = [coreExtension, ...extensions.filter((e) => e.name !== 'core')];
    const problems = validateExtensions(all);
    if (problems.length > 0) throw new OcciError('bad-request', problems);
    const r = emptyRegistry();
    // Core §5.3.2: a mixin's redefinition keeps what it does not refine, so discovery renders what is enforced.
    const first = firstDefinitions(all);
    for (const extension of all) {
      for (const d of extension.actions ?? []) register(r, actionFromDefinition(d));
      for (const d of extension.kinds ?? []) register(r, kindFromDefinition(d));
      for (const d of extension.mixins ?? [])
        register(r, mixinFromDefinition(withInheritedProperties(d, first)));
    }
    // A later extension (a backend, say) adds to the behaviour an earlier one gave the same category.
    const behaviours = new Map<TypeIdentifier, Behaviour>();
    for (const extension of all)
      for (const b of extension.behaviours ?? []) {
        const earlier = behaviours.get(b.category);
        behaviours.set(b.category, earlier ? layerBehaviours(earlier, b) : b);
      }
    return new Model(r, all, behaviours);
  }

  /**
   * A model of categories as a server rendered them (e.g. discovered from
   * `/-/` by a client): no load-time checks and no behaviours, since another
   * implementation's model is what it is.
   */
  static fromCategories(categories: readonly Category[]): Model {
    const r = emptyRegistry();
    for (const c of categories) register(r, c);
    return new Model(r, [], new Map());
  }

  /**
   * A model that also holds `mixins` (user-defined or provider-created
   * mixins, e.g. saved OS templates). The caller checks them first
   * (`validateUserMixin`).
   */
  withMixins(mixins: readonly Mixin[]): Model {
    if (mixins.length === 0) return this;
    const r = copyRegistry(this.#r);
    for (const m of mixins) register(r, m);
    return new Model(r, this.#extensions, this.#behaviours);
  }

  /**
   * A mixin definition written as a document (as an extension, or an action
   * handler defining a provider mixin, writes it) with the type, mutability
   * and required-ness its redefinitions leave out taken from the model's
   * definition of the same name, as `Model.create` does for extensions
   * (Core §5.3.2: a mixin refines an attribute it redefines).
   */
  inheritProperties(definition: MixinDefinition): MixinDefinition {
    const first = new Map<string, InheritedAttribute>();
    for (const c of [...this.kinds(), ...this.mixins()])
      for (const [name, attribute] of c.attributes)
        if (!first.has(name)) first.set(name, { attribute, from: typeIdentifier(c) });
    return withInheritedProperties(definition, first);
  }

  /** The extensions this model was built from, Core first. */
  get extensions(): readonly Extension[] {
    return this.#extensions;
  }

  /** The plain-JSON documents of the extensions. */
  get documents(): ExtensionDocument[] {
    return this.#extensions.map(
      ({ behaviours: _b, serverTokens: _s, catalogue: _c, start: _start, close: _close, ...d }) => d,
    );
  }

  get(id: TypeIdentifier): Category | undefined {
    return this.#r.categories.get(id);
  }

  kind(id: TypeIdentifier): Kind | undefined {
    const c = this.#r.categories.get(id);
    return c?.class === 'kind' ? c : undefined;
  }

  mixin(id: TypeIdentifier): Mixin | undefined {
    const c = this.#r.categories.get(id);
    return c?.class === 'mixin' ? c : undefined;
  }

  action(id: TypeIdentifier): Action | undefined {
    const c = this.#r.categories.get(id);
    return c?.class === 'action' ? c : undefined;
  }

  /** All categories: kinds, then mixins, then actions, each in registration order. */
  categories(): Category[] {
    const all = [...this.#r.categories.values()];
    return [
      ...all.filter((c) => c.class === 'kind'),
      ...all.filter((c) => c.class === 'mixin'),
      ...all.filter((c) => c.class === 'action'),
    ];
  }

  kinds(): Kind[] {
    return [...this.#r.categories.values()].filter((c): c is Kind => c.class === 'kind');
  }

  mixins(): Mixin[] {
    return [...this.#r.categories.values()].filter((c): c is Mixin => c.class === 'mixin');
  }

  actions(): Action[] {
    return [...this.#r.categories.values()].filter((c): c is Action => c.class === 'action');
  }

  /** The Kind or Mixin bound to a location (HTTP §4), e.g. `/compute/`. */
  byLocation(location: string): Kind | Mixin | undefined {
    return this.#r.byLocation.get(location);
  }

  /** Every bound location with its category. */
  locations(): ReadonlyMap<string, Kind | Mixin> {
    return this.#r.byLocation;
  }

  /** The kind and its ancestors, nearest first (Core §5.3.3 Kind relationships). */
  kindChain(id: TypeIdentifier): Kind[] {
    const chain: Kind[] = [];
    const seen = new Set<string>();
    let current = this.kind(id);
    while (current && !seen.has(typeIdentifier(current))) {
      seen.add(typeIdentifier(current));
      chain.push(current);
      current = current.parent ? this.kind(current.parent) : undefined;
    }
    return chain;
  }

  /** True when `id` is `ancestor` or one of its sub-kinds. */
  isKindOf(id: TypeIdentifier, ancestor: TypeIdentifier): boolean {
    let ids = this.#chainIds.get(id);
    if (ids === undefined) {
      ids = new Set(this.kindChain(id).map(typeIdentifier));
      // Requests may name any number of unknown kinds: the cache stays bounded.
      if (this.#chainIds.size > 10_000) this.#chainIds.clear();
      this.#chainIds.set(id, ids);
    }
    return ids.has(ancestor);
  }

  isLinkKind(id: TypeIdentifier): boolean {
    return this.isKindOf(id, LINK_KIND);
  }

  isResourceKind(id: TypeIdentifier): boolean {
    return this.isKindOf(id, RESOURCE_KIND);
  }

  /** A kind can be instantiated unless it is Entity itself (Core §5.4.1). */
  isInstantiable(id: TypeIdentifier): boolean {
    return this.kind(id) !== undefined && id !== ENTITY_KIND;
  }

  /** `id` and every kind below it (its collection, Core §5.3.8), or `id` and its dependents for a mixin. */
  descendants(id: TypeIdentifier): TypeIdentifier[] {
    const out: TypeIdentifier[] = [];
    const queue = [id];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const next = queue.shift()!;
      if (seen.has(next)) continue;
      seen.add(next);
      out.push(next);
      queue.push(...(this.#r.children.get(next) ?? []));
    }
    return out;
  }

  /** The mixins and everything they depend on, transitively, each once, dependencies first. */
  mixinClosure(ids: readonly TypeIdentifier[]): Mixin[] {
    const out: Mixin[] = [];
    const seen = new Set<string>();
    const visit = (id: TypeIdentifier) => {
      if (seen.has(id)) return;
      seen.add(id);
      const m = this.mixin(id);
      if (!m) return;
      for (const d of m.depends) visit(d);
      out.push(m);
    };
    for (const id of ids) visit(id);
    return out;
  }

  /** True when mixin `id` is `ancestor` or depends on it, transitively. */
  dependsOn(id: TypeIdentifier, ancestor: TypeIdentifier): boolean {
    return this.mixinClosure([id]).some((m) => typeIdentifier(m) === ancestor);
  }

  /**
   * Every attribute an entity of `kind` with `mixins` exposes: the kind
   * chain's (Core §5.3.3), then the mixins' and their dependencies'
   * (Core §5.3.4). A later definition of the same name refines the earlier
   * one (`mergeAttribute`): its default, pattern (both hold) and description.
   */
  attributes(kind: TypeIdentifier, mixins: readonly TypeIdentifier[] = []): ReadonlyMap<string, Attribute> {
    return memo(this.#attributeCache, kind, mixins, () => {
      const map = new Map<string, Attribute>();
      for (const k of this.kindChain(kind).reverse())
        for (const [n, a] of k.attributes) map.set(n, mergeAttribute(map.get(n), a));
      for (const m of this.mixinClosure(mixins))
        for (const [n, a] of m.attributes) map.set(n, mergeAttribute(map.get(n), a));
      return map;
    });
  }

  /** Every action an entity of `kind` with `mixins` can be asked to perform (before state rules). */
  actionsOf(kind: TypeIdentifier, mixins: readonly TypeIdentifier[] = []): TypeIdentifier[] {
    const actions = memo(this.#actionCache, kind, mixins, () => {
      const ids = new Set<TypeIdentifier>();
      for (const k of this.kindChain(kind).reverse()) for (const a of k.actions) ids.add(a);
      for (const m of this.mixinClosure(mixins)) for (const a of m.actions) ids.add(a);
      return [...ids];
    });
    return [...actions];
  }

  /** The kinds and mixins that define an action. */
  definersOf(action: TypeIdentifier): TypeIdentifier[] {
    return this.#r.definers.get(action) ?? [];
  }

  /**
   * True when the mixin may be associated with an entity of `kind`
   * (Core §5.3.4 `applies`): its own restriction and that of every mixin it
   * depends on, transitively, since the entity receives their capabilities too.
   */
  applies(mixin: Mixin, kind: TypeIdentifier): boolean {
    return this.inapplicable(mixin, kind).length === 0;
  }

  /**
   * The mixins among `mixin` and its dependencies (transitively) whose
   * `applies` excludes `kind`: empty when the mixin may be associated with
   * an entity of that kind. The mixin itself comes first when it fails.
   */
  inapplicable(mixin: Mixin, kind: TypeIdentifier): Mixin[] {
    const id = typeIdentifier(mixin);
    const chain = [mixin, ...this.mixinClosure(mixin.depends).filter((m) => typeIdentifier(m) !== id)];
    return chain.filter((m) => !this.#allows(m, kind));
  }

  /** True when the mixin's own `applies` allows `kind`: empty means any kind. */
  #allows(mixin: Mixin, kind: TypeIdentifier): boolean {
    return mixin.applies.length === 0 || mixin.applies.some((a) => this.isKindOf(kind, a));
  }

  /**
   * The categories related to `id`, for filtering the query interface
   * (HTTP §6.1): the category itself, its ancestors (parent or depends
   * chain), its descendants (sub-kinds or dependent mixins), mixins that
   * apply to a kind, and the actions all of these define. For an action:
   * the action and the categories defining it.
   */
  related(id: TypeIdentifier): Category[] {
    const c = this.get(id);
    if (!c) return [];
    const ids = new Set<TypeIdentifier>();
    if (c.class === 'action') {
      ids.add(id);
      for (const d of this.definersOf(id)) ids.add(d);
    } else {
      const ancestors =
        c.class === 'kind'
          ? this.kindChain(id).map(typeIdentifier)
          : this.mixinClosure([id]).map(typeIdentifier);
      for (const a of ancestors) ids.add(a);
      for (const d of this.descendants(id)) ids.add(d);
      if (c.class === 'kind') {
        for (const m of this.mixins())
          if (m.applies.some((a) => this.isKindOf(id, a))) ids.add(typeIdentifier(m));
      }
      for (const x of [...ids]) {
        const cat = this.get(x);
        if (cat && cat.class !== 'action') for (const a of cat.actions) ids.add(a);
      }
    }
    return this.categories().filter((cat) => ids.has(typeIdentifier(cat)));
  }

  /** The behaviour attached to a kind or mixin, if any. */
  behaviour(id: TypeIdentifier): Behaviour | undefined {
    return this.#behaviours.get(id);
  }

  /** The behaviours that apply to an entity: its kind chain's, then its mixins'. */
  behavioursOf(kind: TypeIdentifier, mixins: readonly TypeIdentifier[]): Behaviour[] {
    const behaviours = memo(this.#behaviourCache, kind, mixins, () => {
      const ids = [
        ...this.kindChain(kind).reverse().map(typeIdentifier),
        ...this.mixinClosure(mixins).map(typeIdentifier),
      ];
      return ids.map((id) => this.#behaviours.get(id)).filter((b): b is Behaviour => b !== undefined);
    });
    return [...behaviours];
  }

  /** The template families of the loaded extensions. */
  get templates(): readonly TemplateFamily[] {
    return this.#templates;
  }

  /** The template family a mixin belongs to, if any (it depends on the family's mixin but is not it). */
  templateFamily(mixin: TypeIdentifier): TemplateFamily | undefined {
    return this.#templates.find((t) => t.mixin !== mixin && this.dependsOn(mixin, t.mixin));
  }

  /** Why an attribute name is not defined although an earlier version of a loaded document defined it, if it did. */
  removedAttribute(name: string): string | undefined {
    for (const e of this.#extensions) {
      const why = e.removedAttributes?.[name];
      if (why !== undefined) return why;
    }
    return undefined;
  }

  /** Tokens the loaded extensions add to the `Server` header. */
  serverTokens(): string[] {
    return this.#extensions.flatMap((e) => e.serverTokens?.(this) ?? []);
  }
}

/** What a model computes per (kind, mixins) is computed once: the model never changes. */
function memo<T>(
  cache: Map<string, T>,
  kind: TypeIdentifier,
  mixins: readonly TypeIdentifier[],
  compute: () => T,
): T {
  // A kind's id holds no space: the kind alone and the kind with mixins never share a key.
  const key = mixins.length === 0 ? kind : `${kind} ${mixins.join(' ')}`;
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size > 10_000) cache.clear();
    value = compute();
    cache.set(key, value);
  }
  return value;
}
