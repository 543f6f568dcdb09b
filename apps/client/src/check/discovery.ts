/**
 * The server's model as its query interface tells it (Core §5.3.9, HTTP
 * §7.1): kinds, mixins and actions with their attributes, from the JSON
 * rendering (JSON §3.2, §3.4) or, lossy, from a text rendering (GFD.229
 * §4.1: names and {immutable required} only, `rel` for the parent or the
 * first `depends`, no `applies`).
 */
import type { RenderingKey } from './messages.js';
import { parseJson, textFields } from './read.js';
import { parseCategory } from './text-abnf.js';
import type { WireResponse } from './wire.js';

export const CORE = 'http://schemas.ogf.org/occi/core#';
export const ENTITY = `${CORE}entity`;
export const RESOURCE = `${CORE}resource`;
export const LINK = `${CORE}link`;

export interface AttrDef {
  name: string;
  type?: string;
  mutable?: boolean;
  required?: boolean;
  default?: unknown;
  pattern?: unknown;
  description?: string;
}

export type CategoryClass = 'kind' | 'mixin' | 'action';

export interface Cat {
  id: string;
  term: string;
  scheme: string;
  class: CategoryClass;
  title?: string;
  location?: string;
  parent?: string;
  depends: string[];
  /** Unknown (undefined) when discovered in text: GFD.229 renders only the first `depends`. */
  applies?: string[];
  actions: string[];
  attributes: Map<string, AttrDef>;
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function jsonCategory(value: unknown, cls: CategoryClass): Cat | undefined {
  const o = record(value);
  if (typeof o.term !== 'string' || typeof o.scheme !== 'string') return undefined;
  const attributes = new Map<string, AttrDef>();
  for (const [name, d] of Object.entries(record(o.attributes))) {
    const a = record(d);
    attributes.set(name, {
      name,
      ...(typeof a.type === 'string' ? { type: a.type } : {}),
      ...(typeof a.mutable === 'boolean' ? { mutable: a.mutable } : {}),
      ...(typeof a.required === 'boolean' ? { required: a.required } : {}),
      ...('default' in a ? { default: a.default } : {}),
      ...('pattern' in a ? { pattern: a.pattern } : {}),
      ...(typeof a.description === 'string' ? { description: a.description } : {}),
    });
  }
  return {
    id: o.scheme + o.term,
    term: o.term,
    scheme: o.scheme,
    class: cls,
    ...(typeof o.title === 'string' ? { title: o.title } : {}),
    ...(typeof o.location === 'string' ? { location: o.location } : {}),
    ...(typeof o.parent === 'string' ? { parent: o.parent } : {}),
    depends: strings(o.depends),
    ...(cls === 'mixin' ? { applies: strings(o.applies) } : {}),
    actions: strings(o.actions),
    attributes,
  };
}

/** The categories of a discovery response in rendering `r`; undefined when it carries none that can be read. */
export function categoriesOf(response: WireResponse, r: RenderingKey): Cat[] | undefined {
  if (r === 'json') {
    const o = record(parseJson(response.body));
    if (!Array.isArray(o.kinds) && !Array.isArray(o.mixins) && !Array.isArray(o.actions)) return undefined;
    const cats: Cat[] = [];
    for (const [key, cls] of [
      ['kinds', 'kind'],
      ['mixins', 'mixin'],
      ['actions', 'action'],
    ] as const)
      for (const v of Array.isArray(o[key]) ? (o[key] as unknown[]) : []) {
        const c = jsonCategory(v, cls);
        if (c) cats.push(c);
      }
    return cats;
  }
  const { fields } = textFields(response, r);
  const cats: Cat[] = [];
  for (const [name, value] of fields) {
    if (name !== 'category') continue;
    const t = parseCategory(value);
    if (t.scheme === undefined || !['kind', 'mixin', 'action'].includes(t.class ?? '')) continue;
    const cls = t.class as CategoryClass;
    const attributes = new Map<string, AttrDef>();
    for (const a of t.attributes)
      attributes.set(a.name, { name: a.name, mutable: !a.immutable, required: a.required });
    cats.push({
      id: t.scheme + t.term,
      term: t.term,
      scheme: t.scheme,
      class: cls,
      ...(t.title !== undefined ? { title: t.title } : {}),
      ...(t.location !== undefined ? { location: t.location } : {}),
      ...(cls === 'kind' && t.rel !== undefined ? { parent: t.rel } : {}),
      depends: cls === 'mixin' && t.rel !== undefined ? [t.rel] : [],
      actions: t.actions,
      attributes,
    });
  }
  return cats.length > 0 ? cats : undefined;
}

export class Discovered {
  readonly all: readonly Cat[];
  readonly #byId = new Map<string, Cat>();

  constructor(
    categories: readonly Cat[],
    /** The rendering the model was read in: JSON carries types, defaults and `applies`; text does not. */
    readonly from: RenderingKey,
  ) {
    this.all = categories;
    for (const c of categories) if (!this.#byId.has(c.id)) this.#byId.set(c.id, c);
  }

  get typed(): boolean {
    return this.from === 'json';
  }

  get(id: string): Cat | undefined {
    return this.#byId.get(id);
  }

  kind(id: string): Cat | undefined {
    const c = this.get(id);
    return c?.class === 'kind' ? c : undefined;
  }

  mixin(id: string): Cat | undefined {
    const c = this.get(id);
    return c?.class === 'mixin' ? c : undefined;
  }

  action(id: string): Cat | undefined {
    const c = this.get(id);
    return c?.class === 'action' ? c : undefined;
  }

  get kinds(): Cat[] {
    return this.all.filter((c) => c.class === 'kind');
  }

  get mixins(): Cat[] {
    return this.all.filter((c) => c.class === 'mixin');
  }

  get actions(): Cat[] {
    return this.all.filter((c) => c.class === 'action');
  }

  /** The kind and its ancestors through `parent`, nearest first (stops at a cycle or an unknown parent). */
  chain(kindId: string): Cat[] {
    const out: Cat[] = [];
    let c = this.kind(kindId);
    while (c && !out.includes(c)) {
      out.push(c);
      c = c.parent !== undefined ? this.kind(c.parent) : undefined;
    }
    return out;
  }

  /** Whether `kindId` is `ancestorId` or one of its descendants. Core kinds missing from discovery are known by id. */
  isA(kindId: string, ancestorId: string): boolean {
    if (kindId === ancestorId) return true;
    const chain = this.chain(kindId);
    return chain.some((c) => c.id === ancestorId || c.parent === ancestorId);
  }

  /** The mixin and every mixin it depends on, transitively. */
  dependsClosure(mixinId: string): Cat[] {
    const out: Cat[] = [];
    const walk = (id: string) => {
      const m = this.mixin(id);
      if (!m || out.includes(m)) return;
      out.push(m);
      for (const d of m.depends) walk(d);
    };
    walk(mixinId);
    return out;
  }

  dependsOn(mixinId: string, ancestorId: string): boolean {
    return this.dependsClosure(mixinId).some((m) => m.depends.includes(ancestorId));
  }

  /** The attribute definitions an entity of `kindId` with `mixins` has: kind chain and mixins with what they depend on. */
  attributesOf(kindId: string, mixins: readonly string[] = []): Map<string, AttrDef> {
    const out = new Map<string, AttrDef>();
    const cats = [
      ...this.chain(kindId).reverse(),
      ...mixins.flatMap((m) => this.dependsClosure(m).reverse()),
    ];
    for (const c of cats) for (const [n, d] of c.attributes) out.set(n, d);
    return out;
  }

  /** The actions an entity of `kindId` with `mixins` may be asked: kind chain and mixins. */
  actionsOf(kindId: string, mixins: readonly string[] = []): Set<string> {
    const cats = [...this.chain(kindId), ...mixins.flatMap((m) => this.dependsClosure(m))];
    return new Set(cats.flatMap((c) => c.actions));
  }

  /** The kinds and mixins that list the action. */
  definersOf(actionId: string): Cat[] {
    return this.all.filter((c) => c.class !== 'action' && c.actions.includes(actionId));
  }

  /** Mixins that depend, directly or not, on `ancestorId`. */
  mixinsDependingOn(ancestorId: string): Cat[] {
    return this.mixins.filter((m) => m.id !== ancestorId && this.dependsOn(m.id, ancestorId));
  }
}
