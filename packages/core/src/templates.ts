/**
 * Templates (Core §5.3.7): default values from the Kind, overridden by the
 * defaults of associated Mixins, overridden by the client's values. A
 * template family (`TemplateFamily`) may be exclusive — a new template
 * replaces the old one — and may override the entity's own values
 * (Infrastructure §3.5.2 resource templates, CRTP R0305).
 */
import type { Attributes } from './attribute.js';
import type { TypeIdentifier } from './category.js';
import type { Problem } from './errors.js';
import type { Model } from './model.js';

/** Attribute values of a new entity: kind and mixin defaults, then client values, then overriding templates. */
export function resolveDefaults(
  model: Model,
  kind: TypeIdentifier,
  mixins: readonly TypeIdentifier[],
  values: Attributes,
): Attributes {
  const result: Attributes = {};
  for (const attribute of model.attributes(kind, mixins).values()) {
    if (attribute.default !== undefined && !attribute.name.startsWith('occi.core.'))
      result[attribute.name] = attribute.default;
  }
  Object.assign(result, values);
  return applyOverridingTemplates(model, kind, mixins, result);
}

/**
 * Attribute values of an entity replaced with a full representation (HTTP
 * §8.2.2): as for a new entity, except that the server-managed (immutable)
 * values it had survive — but for those an overriding template it now has
 * sets (CRTP R0305: applying a template later in the lifetime populates its values).
 */
export function replacedValues(
  model: Model,
  kind: TypeIdentifier,
  mixins: readonly TypeIdentifier[],
  values: Attributes,
  stored: Attributes,
): Attributes {
  const result = resolveDefaults(model, kind, mixins, values);
  for (const attribute of model.attributes(kind, mixins).values()) {
    const kept = stored[attribute.name];
    if (!attribute.mutable && kept !== undefined) result[attribute.name] = kept;
  }
  return applyOverridingTemplates(model, kind, mixins, result);
}

/** Values of templates associated after creation: overriding templates set theirs, others fill gaps. */
export function applyAddedTemplates(
  model: Model,
  kind: TypeIdentifier,
  added: readonly TypeIdentifier[],
  values: Attributes,
): Attributes {
  const result: Attributes = { ...values };
  // A template's own default comes before those of the mixins it depends on.
  for (const mixin of model.mixinClosure(added).reverse()) {
    for (const attribute of mixin.attributes.values()) {
      if (attribute.default !== undefined && result[attribute.name] === undefined)
        result[attribute.name] = attribute.default;
    }
  }
  return applyOverridingTemplates(model, kind, added, result);
}

/**
 * An overriding template (Infrastructure §3.5.2) sets the values of the
 * kind's attributes it gives defaults for ("size-related attributes") and
 * of the immutable ones it introduces (the provider's to set, e.g. the CRTP
 * ephemeral storage size); mutable attributes it introduces stay defaults
 * the client may set (e.g. the CRTP device id).
 */
function applyOverridingTemplates(
  model: Model,
  kind: TypeIdentifier,
  mixins: readonly TypeIdentifier[],
  values: Attributes,
): Attributes {
  const kindAttributes = model.attributes(kind);
  const all = model.attributes(kind, mixins);
  for (const id of mixins) {
    if (!model.templateFamily(id)?.overrides) continue;
    const mixin = model.mixin(id);
    for (const attribute of mixin?.attributes.values() ?? []) {
      const overridden = kindAttributes.has(attribute.name) || all.get(attribute.name)?.mutable === false;
      if (attribute.default !== undefined && overridden) values[attribute.name] = attribute.default;
    }
  }
  return values;
}

/**
 * The mixins of an entity after `added` are associated: a template of an
 * exclusive family replaces the entity's template of that family.
 */
export function replaceTemplates(
  model: Model,
  current: readonly TypeIdentifier[],
  added: readonly TypeIdentifier[],
): TypeIdentifier[] {
  let result = [...current];
  for (const id of added) {
    const family = model.templateFamily(id);
    if (family?.exclusive) result = result.filter((m) => m === id || model.templateFamily(m) !== family);
    if (!result.includes(id)) result.push(id);
  }
  return result;
}

/** At creation, at most one template per exclusive family (CRTP R0302). */
export function checkExclusiveTemplates(model: Model, mixins: readonly TypeIdentifier[]): Problem[] {
  const seen = new Map<string, TypeIdentifier>();
  const problems: Problem[] = [];
  for (const id of mixins) {
    const family = model.templateFamily(id);
    if (!family?.exclusive) continue;
    const other = seen.get(family.mixin);
    if (other !== undefined && other !== id) {
      problems.push({
        code: 'duplicate',
        message: `${other} and ${id} are both ${family.mixin} templates; an entity takes at most one`,
        category: id,
      });
    }
    seen.set(family.mixin, id);
  }
  return problems;
}
