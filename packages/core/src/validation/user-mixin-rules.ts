/**
 * Checks of a mixin defined at run time (HTTP §7.3 user-defined mixins,
 * Core §5.5.3; or a provider mixin an action creates, e.g. a saved OS
 * template).
 */
import { ATTRIBUTE_TYPES } from '../attribute.js';
import { checkAttributeValue, patternProblem } from '../attribute-value.js';
import {
  ATTRIBUTE_NAME_PATTERN,
  isSpecScheme,
  type Kind,
  type Mixin,
  TERM_PATTERN,
  typeIdentifier,
} from '../category.js';
import type { Problem } from '../errors.js';
import type { Model } from '../model.js';
import { didYouMean } from '../suggest.js';
import { type InheritedAttribute, mergeAttribute, redefinitionProblems } from './attribute-redefinition.js';
import { isCollectionLocation } from './extension-rules.js';

export function validateUserMixin(model: Model, mixin: Mixin): Problem[] {
  const id = typeIdentifier(mixin);
  const problems: Problem[] = [];
  const at = { category: id };
  if (!TERM_PATTERN.test(mixin.term))
    problems.push({ code: 'parse-error', message: `mixin term "${mixin.term}" is not a valid term`, ...at });
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*#$/.test(mixin.scheme))
    problems.push({
      code: 'parse-error',
      message: `mixin scheme "${mixin.scheme}" must be a URI ending in "#"`,
      ...at,
    });
  // Core §5.3.1: the OCCI base URL is reserved for the specification.
  if (isSpecScheme(mixin.scheme))
    problems.push({
      code: 'reserved-scheme',
      message: `mixin ${id} uses the reserved scheme base http://schemas.ogf.org/occi/; choose a scheme of your own`,
      ...at,
    });
  if (
    mixin.location === undefined ||
    !isCollectionLocation(mixin.location) ||
    // One spelling per path: no dot segments, no percent-encoding (RFC 3986 §6.2.2).
    /\/\.{1,2}\/|%/.test(mixin.location)
  )
    problems.push({
      code: 'invalid-location',
      message: `mixin ${id} needs a location that is an absolute path ending in "/", without "." or ".." segments or percent-encoding, e.g. /my_stuff/`,
      ...at,
    });
  for (const d of mixin.depends) {
    if (!model.mixin(d))
      problems.push({
        code: 'unknown-mixin',
        message: `mixin ${id} depends on unknown mixin ${d}${didYouMean(d, model.mixins().map(typeIdentifier))}`,
        ...at,
      });
  }
  for (const a of mixin.applies) {
    if (!model.kind(a))
      problems.push({
        code: 'unknown-kind',
        message: `mixin ${id} applies to unknown kind ${a}${didYouMean(a, model.kinds().map(typeIdentifier))}`,
        ...at,
      });
  }
  if (mixin.actions.length > 0)
    problems.push({
      code: 'other',
      message: `mixin ${id} defines actions; user-defined mixins cannot define actions`,
      ...at,
    });
  // Core §5.3.4: the mixin gives an entity the capabilities of everything it
  // depends on, so every `applies` of the chain must allow the entity's kind.
  const chain = [mixin, ...model.mixinClosure(mixin.depends).filter((m) => typeIdentifier(m) !== id)];
  const restricted = chain.filter((m) => m.applies.length > 0);
  const appliesOf = (m: Mixin) =>
    m === mixin
      ? `it applies to ${m.applies.join(', ')}`
      : `it depends on ${typeIdentifier(m)}, which applies to ${m.applies.join(', ')}`;
  const unknownKind = problems.some((p) => p.code === 'unknown-kind');
  if (!unknownKind)
    for (const [i, a] of restricted.entries())
      for (const b of restricted.slice(i + 1)) {
        if (model.kinds().some((k) => allows(model, a, k) && allows(model, b, k))) continue;
        problems.push({
          code: 'mixin-not-applicable',
          message: `mixin ${id} can go on no entity: ${appliesOf(a)}, but ${appliesOf(b).replace(/^it /, '')}; no kind satisfies both (Core §5.3.4)`,
          ...at,
        });
      }
  // The kinds the mixin can go on (every kind when nothing restricts it).
  const kinds = model.kinds().filter((k) => restricted.every((m) => allows(model, m, k)));
  for (const [name, attribute] of mixin.attributes) {
    const wrong =
      (ATTRIBUTE_TYPES.includes(attribute.type)
        ? undefined
        : `type must be one of ${ATTRIBUTE_TYPES.join(', ')}`) ??
      (attribute.pattern === undefined ? undefined : patternProblem(attribute.pattern)) ??
      (attribute.default === undefined ? undefined : checkAttributeValue(attribute, attribute.default));
    if (wrong)
      problems.push({
        code: 'parse-error',
        message: `mixin ${id}: attribute ${name}: ${wrong}`,
        attribute: name,
        ...at,
      });
    if (!ATTRIBUTE_NAME_PATTERN.test(name)) {
      problems.push({
        code: 'parse-error',
        message: `mixin ${id}: attribute name "${name}" is not valid`,
        attribute: name,
        ...at,
      });
      continue;
    }
    // Core §5.5.1: an attribute a provider-specific (or user) category introduces uses a name prefix.
    if (!PREFIXED_NAME.test(name)) {
      problems.push({
        code: 'reserved-namespace',
        message: `mixin ${id}: attribute ${name} has no name prefix; Core §5.5.1 requires one, e.g. "com.example.${name}"`,
        attribute: name,
        ...at,
      });
      continue;
    }
    // What an entity carrying the mixin already has under that name: its kind's, or a dependency's.
    const inherited = inheritedAttribute(model, name, kinds, chain.slice(1));
    // Core §5.3.2: the occi. prefix is reserved for the specification; a user
    // mixin may only refine an attribute the kinds it goes on (or its
    // dependencies) already define, e.g. a template's default for occi.compute.cores.
    if (name.startsWith('occi.') && !inherited) {
      problems.push({
        code: 'reserved-namespace',
        message: `mixin ${id}: attribute ${name} uses the reserved "occi." prefix but refines no attribute of ${describeKinds(restricted, chain.slice(1))}; use a reverse-domain prefix such as "com.example."`,
        attribute: name,
        ...at,
      });
      continue;
    }
    const reference = inherited ?? definitionElsewhere(model, name, id);
    if (reference)
      for (const p of redefinitionProblems(`mixin ${id}`, attribute, reference))
        problems.push({ code: 'parse-error', message: p.message, attribute: name, ...at });
  }
  return problems;
}

/** Core §5.5.1: a name prefix, then the name (e.g. `com.example.size`). */
const PREFIXED_NAME = /^[^.]+(\.[^.]+)+$/;

/** True when the mixin's own `applies` allows entities of kind `kind` (any kind when empty). */
function allows(model: Model, mixin: Mixin, kind: Kind): boolean {
  return mixin.applies.length === 0 || mixin.applies.some((a) => model.isKindOf(typeIdentifier(kind), a));
}

/**
 * The definition of `name` an entity carrying the mixin already has: the
 * first of the kinds the mixin can go on to define it (through its kind
 * chain), refined by the mixins it depends on.
 */
function inheritedAttribute(
  model: Model,
  name: string,
  kinds: readonly Kind[],
  dependencies: readonly Mixin[],
): InheritedAttribute | undefined {
  let found: InheritedAttribute | undefined;
  for (const k of kinds) {
    const attribute = model.attributes(typeIdentifier(k)).get(name);
    if (!attribute) continue;
    const from = model.kindChain(typeIdentifier(k)).find((c) => c.attributes.has(name)) ?? k;
    found = { attribute, from: typeIdentifier(from) };
    break;
  }
  for (const d of dependencies) {
    const attribute = d.attributes.get(name);
    if (attribute)
      found = found
        ? { attribute: mergeAttribute(found.attribute, attribute), from: found.from }
        : { attribute, from: typeIdentifier(d) };
  }
  return found;
}

/** The model's definition of `name` elsewhere: one attribute name means one attribute, whatever defines it. */
function definitionElsewhere(model: Model, name: string, id: string): InheritedAttribute | undefined {
  for (const c of [...model.kinds(), ...model.mixins()]) {
    const attribute = c.attributes.get(name);
    if (attribute && typeIdentifier(c) !== id) return { attribute, from: typeIdentifier(c) };
  }
  return undefined;
}

function describeKinds(restricted: readonly Mixin[], dependencies: readonly Mixin[]): string {
  const kinds = [...new Set(restricted.flatMap((m) => m.applies))];
  const of = kinds.length === 0 ? 'any kind' : `the kinds it applies to (${kinds.join(', ')})`;
  return dependencies.length === 0 ? of : `${of} or of the mixins it depends on`;
}
