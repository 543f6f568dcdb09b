/**
 * One attribute as a labelled form field, from its definition (Core
 * §5.3.2, JSON §3.5.1): a select for an enum or a boolean, a number input
 * (min, max, step from the pattern) for numbers, a JSON text area for lists
 * and hashes, a text input otherwise. Required, default, description and
 * the error for the field are tied to it for screen readers.
 */
import type { Attribute } from '@occi/core';
import type { ReactNode } from 'react';
import { enumOf, isInteger } from '../model/values.js';

export interface AttributeFieldProps {
  attribute: Attribute;
  /** Unique prefix of the ids (several forms on a page). */
  idPrefix: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  /** Shown but not editable: an immutable attribute on edit (Core §5.2). */
  readOnly?: boolean;
  /** Ask for it (required and without a default). */
  required?: boolean;
}

export const fieldId = (prefix: string, name: string) => `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function AttributeField({
  attribute,
  idPrefix,
  value,
  onChange,
  error,
  readOnly,
  required,
}: AttributeFieldProps) {
  const id = fieldId(idPrefix, attribute.name);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const described = [
    attribute.description || attribute.default !== undefined ? helpId : '',
    error ? errorId : '',
  ]
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: attribute.name,
    value,
    disabled: readOnly,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
  } as const;
  const choices = attribute.type === 'boolean' ? ['true', 'false'] : enumOf(attribute);
  let control: ReactNode;
  if (choices) {
    control = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">
          {attribute.default !== undefined ? `(default: ${String(attribute.default)})` : '(not set)'}
        </option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  } else if (attribute.type === 'number') {
    const p = attribute.pattern ?? {};
    control = (
      <input
        {...common}
        type="number"
        inputMode={isInteger(attribute) ? 'numeric' : 'decimal'}
        step={isInteger(attribute) ? 1 : 'any'}
        min={typeof p.minimum === 'number' ? p.minimum : undefined}
        max={typeof p.maximum === 'number' ? p.maximum : undefined}
        placeholder={attribute.default !== undefined ? String(attribute.default) : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else if (attribute.type === 'array' || attribute.type === 'object') {
    control = (
      <textarea
        {...common}
        rows={3}
        spellCheck={false}
        placeholder={attribute.type === 'array' ? '["…"]' : '{"key": "value"}'}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        spellCheck={false}
        placeholder={attribute.default !== undefined ? String(attribute.default) : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {attribute.name}
        {required ? <abbr title="required"> *</abbr> : null}
        {readOnly ? <span className="muted"> (immutable)</span> : null}
      </label>
      {control}
      {attribute.description || attribute.default !== undefined ? (
        <small id={helpId}>
          {attribute.description}
          {attribute.default !== undefined ? ` Default: ${JSON.stringify(attribute.default)}.` : ''}
        </small>
      ) : null}
      {error ? (
        <small id={errorId} className="field-error">
          {error}
        </small>
      ) : null}
    </div>
  );
}
