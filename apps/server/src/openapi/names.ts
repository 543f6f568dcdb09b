/**
 * Readable, stable names for operations and schemas, made of the terms of
 * the categories (`compute` → `createCompute`, `os_tpl` → `listOsTpl`,
 * compute's `start` → `computeStart`). Categories are named in the model's
 * order (the extensions' first, then the caller's own mixins), so that a
 * name already given keeps its meaning when a user mixin of the same term
 * arrives: the later one gets its scheme's last word, or a number, added.
 */
import type { Category } from '@occi/core';

/** `os_tpl` → `OsTpl`, `ubuntu-24.04` → `Ubuntu2404`; a term starting with a digit gets a leading `X`. */
export function pascal(term: string): string {
  const words = term.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[0-9]/.test(joined) ? `X${joined}` : joined || 'X';
}

export const camel = (term: string): string => {
  const p = pascal(term);
  return p[0]!.toLowerCase() + p.slice(1);
};

/** The last word of a scheme: `http://occi.example/users/alice#` → `Alice`. */
function schemeWord(scheme: string): string {
  const words = scheme.split(/[^A-Za-z0-9]+/).filter((w) => w !== '' && w !== 'http' && w !== 'https');
  return pascal(words.at(-1) ?? 'x');
}

/** Hands out names once each; `forCategory` keeps the name it gave a category. */
export class Names {
  readonly #used = new Set<string>();
  readonly #ofCategory = new Map<string, string>();

  has(name: string): boolean {
    return this.#used.has(name);
  }

  /** `base`, or `base` with a suffix when it is taken. */
  unique(base: string, hint?: string): string {
    let name = base;
    if (this.#used.has(name) && hint !== undefined) name = `${base}${hint}`;
    for (let n = 2; this.#used.has(name); n++) name = `${base}${n}`;
    this.#used.add(name);
    return name;
  }

  /** The PascalCase stem of a category (unique among categories), e.g. `Compute`, `OsTpl`. */
  forCategory(category: Category): string {
    const id = category.scheme + category.term;
    let stem = this.#ofCategory.get(id);
    if (stem === undefined) {
      stem = this.unique(pascal(category.term), schemeWord(category.scheme));
      this.#ofCategory.set(id, stem);
    }
    return stem;
  }
}
