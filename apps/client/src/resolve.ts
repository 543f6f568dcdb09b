/**
 * Short names: `compute`, `small`, `os_tpl#ubuntu`, `/compute/` resolve to
 * a category of the discovered model (HTTP §7: the client never hard-codes
 * a category). An ambiguous name is an error listing the candidates.
 */
import type { Category, CategoryClass, Model, TypeIdentifier } from '@occi/core';
import { CliError, EXIT } from './exit-codes.js';

const CLASS_NAMES: Record<CategoryClass, string> = { kind: 'kind', mixin: 'mixin', action: 'action' };

function what(classes: readonly CategoryClass[]): string {
  const names = classes.map((c) => CLASS_NAMES[c]);
  return names.length <= 1 ? (names[0] ?? 'category') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

const id = (c: Category): TypeIdentifier => c.scheme + c.term;

/** The words a scheme can be called by: its host and path segments (`os_tpl` in `http://occi.example/os_tpl#`). */
function schemeWords(scheme: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/#]*)([^#]*)/i.exec(scheme);
  if (!m) return [scheme.replace(/#$/, '')];
  return [m[1]!, ...m[2]!.split('/').filter((s) => s !== '')];
}

/** Categories of a family: `os_tpl#…` names mixins that depend on os_tpl, or whose scheme has an `os_tpl` segment. */
function inFamily(category: Category, family: string, model: Model): boolean {
  if (schemeWords(category.scheme).includes(family)) return true;
  if (category.class !== 'mixin') return false;
  return category.depends.some((d) => model.get(d)?.term === family);
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string, candidates: readonly Category[]): string {
  const term = name.includes('#') ? name.slice(name.lastIndexOf('#') + 1) : name;
  let best: Category | undefined;
  let distance = Math.max(2, Math.floor(term.length / 3)) + 1;
  for (const c of candidates) {
    const d = levenshtein(term.toLowerCase(), c.term.toLowerCase());
    if (d < distance) {
      distance = d;
      best = c;
    }
  }
  return best ? ` — did you mean ${best.term} (${id(best)})?` : '';
}

/** `compute (http://…#compute)`, for messages. */
export function describeCategory(category: Category): string {
  return `${category.term} (${id(category)})`;
}

export interface ResolveOptions {
  /** Look here first (e.g. the actions applicable to an entity); the whole model when nothing here matches. */
  among?: readonly TypeIdentifier[];
  /** The endpoint, to read absolute URLs of collections. */
  endpoint?: string;
}

/**
 * The category a name stands for: a type identifier, a collection location,
 * `family#term` or a bare term (exact, else a unique prefix).
 */
export function resolveCategory(
  model: Model,
  name: string,
  classes: readonly CategoryClass[],
  options: ResolveOptions = {},
): Category {
  const allowed = model.categories().filter((c) => classes.includes(c.class));
  const wrongClass = (c: Category) =>
    new CliError(
      EXIT.usage,
      `${describeCategory(c)} is ${c.class === 'action' ? 'an' : 'a'} ${c.class}, not a ${what(classes)}`,
    );
  // A full type identifier (scheme + term, Core §5.3.1).
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) && name.includes('#')) {
    const c = model.get(name);
    if (c) {
      if (!classes.includes(c.class)) throw wrongClass(c);
      return c;
    }
    throw new CliError(
      EXIT.notFound,
      `the server's model has no ${what(classes)} ${name}${suggestion(name, allowed)}`,
    );
  }
  // A collection location (HTTP §4): a path, or a URL under the endpoint.
  if (name.startsWith('/') || /^https?:\/\//i.test(name)) {
    let path = name;
    if (options.endpoint && name.toLowerCase().startsWith(options.endpoint.toLowerCase()))
      path = name.slice(options.endpoint.length) || '/';
    const c = model.byLocation(path) ?? model.byLocation(path.endsWith('/') ? path : `${path}/`);
    if (c) {
      if (!classes.includes(c.class)) throw wrongClass(c);
      return c;
    }
    throw new CliError(EXIT.notFound, `no ${what(classes)} is bound to the location ${name}`);
  }
  const hash = name.lastIndexOf('#');
  const family = hash > 0 ? name.slice(0, hash) : undefined;
  const term = hash >= 0 ? name.slice(hash + 1) : name;
  if (term === '') throw new CliError(EXIT.usage, `"${name}" names no term`);
  const pools: (readonly Category[])[] = [];
  if (options.among) {
    const among = new Set(options.among);
    pools.push(allowed.filter((c) => among.has(id(c))));
  }
  pools.push(allowed);
  for (const pool of pools) {
    const candidates = family !== undefined ? pool.filter((c) => inFamily(c, family, model)) : pool;
    for (const match of [
      (c: Category) => c.term === term,
      (c: Category) => c.term.toLowerCase() === term.toLowerCase(),
      (c: Category) => c.term.toLowerCase().startsWith(term.toLowerCase()),
    ]) {
      const found = candidates.filter(match);
      if (found.length === 1) return found[0]!;
      if (found.length > 1)
        throw new CliError(
          EXIT.usage,
          `"${name}" is ambiguous: it names ${found.map(id).join(', ')}; give the type identifier or family#term`,
        );
    }
  }
  // Not a name of the allowed classes: perhaps one of another class.
  const other = model.categories().find((c) => c.term === term && !classes.includes(c.class));
  if (other && family === undefined) throw wrongClass(other);
  throw new CliError(
    EXIT.notFound,
    `the server's model has no ${what(classes)} "${name}"${suggestion(name, allowed)}`,
  );
}

/** The type identifier a name stands for (see `resolveCategory`). */
export function resolveId(
  model: Model,
  name: string,
  classes: readonly CategoryClass[],
  options: ResolveOptions = {},
): TypeIdentifier {
  return id(resolveCategory(model, name, classes, options));
}

/** The kind whose collection holds an entity location (`/compute/1` → compute), when the server follows HTTP §4's layout. */
export function kindOfLocation(
  model: Model,
  location: string,
  endpoint?: string,
): TypeIdentifier | undefined {
  let path = location;
  if (endpoint && path.toLowerCase().startsWith(endpoint.toLowerCase())) path = path.slice(endpoint.length);
  const slash = path.lastIndexOf('/', path.endsWith('/') ? path.length - 2 : path.length - 1);
  if (slash < 0) return undefined;
  const c = model.byLocation(path.slice(0, slash + 1));
  return c?.class === 'kind' ? c.scheme + c.term : undefined;
}

/** True when the name is a location (a path or an http(s) URL) rather than a name or an id. */
export function isLocation(name: string): boolean {
  return name.startsWith('/') || /^https?:\/\//i.test(name);
}
