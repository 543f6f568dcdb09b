/**
 * Attribute values between form fields and the model: what the user typed
 * is read as the attribute's JSON type (JSON §3.5.1) and checked with
 * @occi/core's own rules — `checkAttributeValue` (type and draft-04
 * pattern) and the required-attribute rule of Core §5.3.2 — so the form
 * refuses exactly what the server would.
 */
import type { Attribute, Attributes, AttributeValue } from '@occi/core';
import { checkAttributeValue } from '@occi/core';

/** What a field holds: the text typed (or chosen), '' for none. */
export type RawValues = Record<string, string>;

export function enumOf(attribute: Attribute): string[] | undefined {
  const values = attribute.pattern?.enum;
  if (!Array.isArray(values) || values.length === 0) return undefined;
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

export const isInteger = (attribute: Attribute): boolean => attribute.pattern?.type === 'integer';

/** A value as a field shows it. */
export function formatValue(value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Reads a field's text as the attribute's type; '' reads as no value. */
export function parseValue(attribute: Attribute, raw: string): { value?: AttributeValue; error?: string } {
  if (raw.trim() === '' && attribute.type !== 'string') return {};
  if (raw === '') return {};
  switch (attribute.type) {
    case 'number': {
      const n = Number(raw.trim());
      return Number.isFinite(n) ? { value: n } : { error: `expected a number, got "${raw}"` };
    }
    case 'boolean':
      return raw === 'true'
        ? { value: true }
        : raw === 'false'
          ? { value: false }
          : { error: 'expected true or false' };
    case 'array':
    case 'object':
      try {
        return { value: JSON.parse(raw) as AttributeValue };
      } catch {
        return { error: `expected JSON (${attribute.type === 'array' ? '[…]' : '{…}'})` };
      }
    default: {
      const enumValues = attribute.pattern?.enum;
      // An enum of non-strings (numbers, say) is offered as their JSON.
      if (Array.isArray(enumValues) && !enumValues.includes(raw)) {
        const match = enumValues.find((v) => JSON.stringify(v) === raw);
        if (match !== undefined) return { value: match };
      }
      return { value: raw };
    }
  }
}

export interface FormValues {
  attributes: Attributes;
  /** What is wrong, by attribute name. */
  errors: Record<string, string>;
}

/**
 * The attribute values of a form, checked: each value against its
 * definition, and (when creating) every required attribute that is mutable
 * and has no default present (Core §5.3.2, as RequiredAttributesRule).
 */
export function readForm(
  attributes: ReadonlyMap<string, Attribute>,
  raw: RawValues,
  options: { creating: boolean },
): FormValues {
  const values: Attributes = {};
  const errors: Record<string, string> = {};
  for (const [name, attribute] of attributes) {
    const text = raw[name];
    if (text === undefined) continue;
    const { value, error } = parseValue(attribute, text);
    if (error) {
      errors[name] = `attribute ${name}: ${error}`;
      continue;
    }
    if (value === undefined) continue;
    const problem = checkAttributeValue(attribute, value);
    if (problem) errors[name] = `attribute ${name}: ${problem}`;
    else values[name] = value;
  }
  if (options.creating) {
    for (const [name, attribute] of attributes) {
      if (!attribute.required || !attribute.mutable || name.startsWith('occi.core.')) continue;
      if (values[name] === undefined && attribute.default === undefined && !errors[name])
        errors[name] =
          `attribute ${name} is required${attribute.description ? ` (${attribute.description})` : ''}`;
    }
  }
  return { attributes: values, errors };
}
