/** The attribute fields of a form, one per definition (Core attributes aside: the form asks for those by name). */
import type { Attribute } from '@occi/core';
import { type RefObject, useEffect } from 'react';
import { isCoreAttribute } from '../model/categories.js';
import type { RawValues } from '../model/values.js';
import { AttributeField } from './attribute-field.js';

export function AttributeFields({
  attributes,
  raw,
  setRaw,
  errors,
  idPrefix,
  editing = false,
  legend = 'Attributes',
  onEdit,
}: {
  attributes: ReadonlyMap<string, Attribute>;
  raw: RawValues;
  setRaw(update: (raw: RawValues) => RawValues): void;
  errors: Record<string, string>;
  idPrefix: string;
  /** On edit, immutable attributes are shown read-only; on create they are the server's (Core §5.2) and left out. */
  editing?: boolean;
  legend?: string;
  /** Called when a field is changed (to drop its error until the next submit). */
  onEdit?(name: string): void;
}) {
  const shown = [...attributes.values()].filter((a) => !isCoreAttribute(a.name) && (a.mutable || editing));
  if (shown.length === 0) return null;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {shown.map((a) => (
        <AttributeField
          key={a.name}
          attribute={a}
          idPrefix={idPrefix}
          value={raw[a.name] ?? ''}
          onChange={(v) => {
            setRaw((r) => ({ ...r, [a.name]: v }));
            onEdit?.(a.name);
          }}
          error={errors[a.name]}
          readOnly={!a.mutable}
          required={!editing && a.required && a.mutable && a.default === undefined}
        />
      ))}
    </fieldset>
  );
}

/** Drops one field's error (it was edited since). */
export const withoutError =
  (name: string) =>
  (errors: Record<string, string>): Record<string, string> => {
    if (!(name in errors)) return errors;
    const { [name]: _dropped, ...rest } = errors;
    return rest;
  };

/** Moves the focus to the first field with an error once the errors of a refused submit are shown. */
export function useFocusOnErrors(
  form: RefObject<HTMLFormElement | null>,
  errors: Record<string, string>,
): void {
  useEffect(() => {
    if (Object.keys(errors).length > 0)
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
