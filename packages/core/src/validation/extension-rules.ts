/**
 * Load-time checks of extension documents (Core §5.5): one problem per
 * mistake, each naming the category and attribute concerned.
 */
import type { AttributeSpec } from '../attribute.js';
import { ATTRIBUTE_TYPES, defineAttribute } from '../attribute.js';
import { checkAttributeValue, patternProblem } from '../attribute-value.js';
import { ATTRIBUTE_NAME_PATTERN, isSpecScheme, TERM_PATTERN, typeIdentifier } from '../category.js';
import { ENTITY_KIND } from '../core-kinds.js';
import type { Problem } from '../errors.js';
import type { ExtensionDocument } from '../extension-document.js';
import { didYouMean } from '../suggest.js';
import {
  extensionRedefinitionProblems,
  firstDefinitions,
  withInheritedProperties,
} from './attribute-redefinition.js';

const invalid = (message: string, extra: Omit<Problem, 'code' | 'message'> = {}): Problem => ({
  code: 'invalid-extension',
  message,
  ...extra,
});

/** A location must be an absolute path ending in `/` (HTTP §4: bound paths are collections). */
export function isCollectionLocation(location: string): boolean {
  return (
    /^\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/.test(location) && location !== '/' && !location.includes('/-/')
  );
}

function checkAttributes(
  owner: string,
  attributes: Record<string, AttributeSpec> | undefined,
  spec: boolean,
  isAction: boolean,
  specNames: Set<string>,
  problems: Problem[],
): void {
  for (const [name, a] of Object.entries(attributes ?? {})) {
    const at = { category: owner, attribute: name };
    if (!ATTRIBUTE_NAME_PATTERN.test(name))
      problems.push(invalid(`${owner}: attribute name "${name}" is not a valid name`, at));
    // Core §5.3.2 and §5.5.1: the occi. prefix is reserved for the specification.
    // A provider template may give a default to an attribute a document defines,
    // but may not introduce a new occi. name. Action parameters are exempt (Core §5.3.5).
    if (!spec && !isAction && name.startsWith('occi.') && !specNames.has(name)) {
      problems.push({
        code: 'reserved-namespace',
        message: `${owner}: attribute "${name}" uses the reserved "occi." prefix; provider attributes use a reverse-domain prefix such as "com.example."`,
        ...at,
      });
    }
    if (a === null || typeof a !== 'object') {
      problems.push(invalid(`${owner}: attribute "${name}" must be an object`, at));
      continue;
    }
    if (a.type !== undefined && !ATTRIBUTE_TYPES.includes(a.type)) {
      problems.push(
        invalid(
          `${owner}: attribute "${name}" has unknown type "${a.type}"; expected one of ${ATTRIBUTE_TYPES.join(', ')}`,
          at,
        ),
      );
      continue;
    }
    const wrongPattern = a.pattern === undefined ? undefined : patternProblem(a.pattern);
    if (wrongPattern) {
      problems.push(invalid(`${owner}: attribute "${name}": ${wrongPattern}`, at));
      continue;
    }
    if (a.default !== undefined) {
      const wrong = checkAttributeValue(defineAttribute(name, a), a.default);
      if (wrong) problems.push(invalid(`${owner}: default of attribute "${name}": ${wrong}`, at));
    }
  }
}

/** Checks a set of extensions together (references may cross extensions). */
export function validateExtensions(extensions: readonly ExtensionDocument[]): Problem[] {
  const problems: Problem[] = [];
  const names = new Set<string>();
  const ids = new Map<string, 'kind' | 'mixin' | 'action'>();
  const locations = new Map<string, string>();
  const specNames = new Set<string>();

  for (const e of extensions) {
    if (typeof e.name !== 'string' || e.name === '') problems.push(invalid('an extension has no name'));
    else if (names.has(e.name)) problems.push(invalid(`extension "${e.name}" is loaded twice`));
    names.add(e.name);
    const declare = (
      cls: 'kind' | 'mixin' | 'action',
      c: { scheme: string; term: string; location?: string },
    ) => {
      const id = typeIdentifier(c);
      if (typeof c.scheme !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S*#$/.test(c.scheme))
        problems.push(
          invalid(`${e.name}: ${cls} "${id}" needs a scheme that is a URI ending in "#"`, { category: id }),
        );
      if (typeof c.term !== 'string' || !TERM_PATTERN.test(c.term))
        problems.push(
          invalid(`${e.name}: ${cls} "${id}" has an invalid term (letters, digits, "-", "_", ".")`, {
            category: id,
          }),
        );
      if (ids.has(id)) problems.push(invalid(`${e.name}: ${cls} "${id}" is defined twice`, { category: id }));
      ids.set(id, cls);
      // Core §5.5.1: the OCCI base URL is reserved for the specification.
      if (!e.specification && typeof c.scheme === 'string' && isSpecScheme(c.scheme))
        problems.push({
          code: 'reserved-scheme',
          message: `${e.name}: ${cls} "${id}" uses the reserved scheme base http://schemas.ogf.org/occi/; provider categories need a scheme of their own`,
          category: id,
        });
      if (c.location !== undefined) {
        if (!isCollectionLocation(c.location))
          problems.push(
            invalid(
              `${e.name}: ${cls} "${id}" has location "${c.location}"; expected an absolute path ending in "/"`,
              { category: id },
            ),
          );
        const other = locations.get(c.location);
        if (other)
          problems.push(
            invalid(`${e.name}: ${cls} "${id}" has location "${c.location}", already bound to ${other}`, {
              category: id,
            }),
          );
        locations.set(c.location, id);
      }
    };
    for (const k of e.kinds ?? []) declare('kind', k);
    for (const m of e.mixins ?? []) declare('mixin', m);
    for (const a of e.actions ?? []) declare('action', a);
    if (e.specification) {
      for (const c of [...(e.kinds ?? []), ...(e.mixins ?? [])])
        for (const n of Object.keys(c.attributes ?? {})) specNames.add(n);
    }
  }

  const expect = (owner: string, ref: string, cls: 'kind' | 'mixin' | 'action', what: string) => {
    const actual = ids.get(ref);
    if (actual === cls) return;
    const candidates = [...ids].filter(([, c]) => c === cls).map(([id]) => id);
    problems.push(
      invalid(
        actual
          ? `${owner}: ${what} "${ref}" is a ${actual}, not a ${cls}`
          : `${owner}: ${what} "${ref}" is not a known ${cls}${didYouMean(ref, candidates)}`,
        { category: owner },
      ),
    );
  };

  const first = firstDefinitions(extensions);
  const definedActions = new Set<string>();
  for (const e of extensions) {
    const spec = e.specification !== undefined;
    for (const k of e.kinds ?? []) {
      const id = typeIdentifier(k);
      // Core §5.3.3: every Kind but Entity's has a parent, and the chain ends at Entity.
      if (id === ENTITY_KIND) {
        if (k.location !== undefined)
          problems.push(
            invalid(`${id} cannot be instantiated and must not be bound to a location (HTTP §4)`, {
              category: id,
            }),
          );
      } else if (k.parent === undefined) {
        problems.push(
          invalid(`${e.name}: kind "${id}" has no parent; every kind descends from ${ENTITY_KIND}`, {
            category: id,
          }),
        );
      } else {
        expect(id, k.parent, 'kind', 'parent');
      }
      if (id !== ENTITY_KIND && k.location === undefined)
        problems.push(
          invalid(`${e.name}: kind "${id}" has no location; instantiable kinds are bound to one (HTTP §4)`, {
            category: id,
          }),
        );
      for (const a of k.actions ?? []) {
        expect(id, a, 'action', 'action');
        definedActions.add(a);
      }
      checkAttributes(id, k.attributes, spec, false, specNames, problems);
    }
    for (const m of e.mixins ?? []) {
      const id = typeIdentifier(m);
      for (const d of m.depends ?? []) expect(id, d, 'mixin', 'depends');
      for (const a of m.applies ?? []) expect(id, a, 'kind', 'applies');
      for (const a of m.actions ?? []) {
        expect(id, a, 'action', 'action');
        definedActions.add(a);
      }
      if (m.location === undefined)
        problems.push(
          invalid(`${e.name}: mixin "${id}" has no location; mixin collections are bound to one (HTTP §4)`, {
            category: id,
          }),
        );
      // Core §5.3.2: a redefinition's left-out type, mutability and required-ness are the inherited ones.
      checkAttributes(id, withInheritedProperties(m, first).attributes, spec, false, specNames, problems);
    }
    for (const a of e.actions ?? [])
      checkAttributes(typeIdentifier(a), a.attributes, spec, true, specNames, problems);
    for (const t of e.templates ?? []) expect(`${e.name} templates`, t.mixin, 'mixin', 'template family');
  }
  // A removed attribute is one no category defines (any more).
  const definedNames = new Set(
    extensions.flatMap((e) =>
      [...(e.kinds ?? []), ...(e.mixins ?? []), ...(e.actions ?? [])].flatMap((c) =>
        Object.keys(c.attributes ?? {}),
      ),
    ),
  );
  for (const e of extensions)
    for (const name of Object.keys(e.removedAttributes ?? {}))
      if (definedNames.has(name))
        problems.push(
          invalid(`${e.name}: attribute ${name} is listed as removed, but a category defines it`, {
            attribute: name,
          }),
        );
  // Core §5.3.5: an Action is always bound to a Kind or a Mixin.
  for (const [id, cls] of ids) {
    if (cls === 'action' && !definedActions.has(id))
      problems.push(
        invalid(`action "${id}" is not defined by any kind or mixin (Core §5.3.5)`, { category: id }),
      );
  }
  // Core §5.3.2: a mixin refines an attribute it redefines, never changes its type, mutability or required-ness.
  for (const p of extensionRedefinitionProblems(extensions))
    problems.push(invalid(p.message, { category: p.category, attribute: p.attribute }));
  // Cycles in parent or depends chains.
  const edges = new Map<string, string[]>();
  for (const e of extensions) {
    for (const k of e.kinds ?? []) if (k.parent) edges.set(typeIdentifier(k), [k.parent]);
    for (const m of e.mixins ?? []) edges.set(typeIdentifier(m), m.depends ?? []);
  }
  const state = new Map<string, 1 | 2>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) {
      problems.push(invalid(`cycle in parent/depends: ${[...path, id].join(' → ')}`, { category: id }));
      return;
    }
    state.set(id, 1);
    for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
    state.set(id, 2);
  };
  for (const id of edges.keys()) visit(id, []);
  return problems;
}
