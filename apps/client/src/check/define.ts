/** Declaring the checks of a document: `add(section, level, name, title, run)`. */
import type { Probe } from './probe.js';
import type { Check, DocumentKey, Level } from './types.js';

export interface AddOptions {
  writes?: boolean;
  final?: boolean;
}

/** `§8.1` → `8.1`, `R0306` → `r0306`, `§5 (pagination)` → `5`. */
export function sectionKey(section: string): string {
  const m = /^§\s*([0-9.]+)/.exec(section);
  if (m) return m[1]!.replace(/\.$/, '');
  return section.toLowerCase().replace(/[^a-z0-9.]+/g, '-');
}

export function checksOf(doc: DocumentKey) {
  const checks: Check[] = [];
  const add = (
    section: string,
    level: Level,
    name: string,
    title: string,
    run: (p: Probe) => Promise<unknown>,
    options: AddOptions = {},
  ): void => {
    const id = `${doc}.${sectionKey(section)}.${name}`;
    if (checks.some((c) => c.id === id)) throw new Error(`duplicate check id ${id}`);
    checks.push({
      id,
      doc,
      section,
      level,
      title,
      writes: options.writes ?? false,
      final: options.final ?? false,
      run: async (p) => {
        const note = await run(p);
        return typeof note === 'string' ? note : undefined;
      },
    });
  };
  return { checks, add };
}
