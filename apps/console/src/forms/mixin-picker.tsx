/**
 * The mixins of a new entity: one choice per template family (an OS
 * template, a resource template…) and a check box for each other mixin
 * that applies to the kind (Core §5.3.4).
 */
import type { TypeIdentifier } from '@occi/core';
import { idOf, labelOf, type MixinChoices } from '../model/categories.js';

export interface MixinSelection {
  /** The template chosen per family, by the family's root mixin. */
  templates: Record<TypeIdentifier, TypeIdentifier>;
  others: TypeIdentifier[];
}

export const selectedMixins = (s: MixinSelection): TypeIdentifier[] => [
  ...Object.values(s.templates).filter(Boolean),
  ...s.others,
];

export function MixinPicker({
  choices,
  selection,
  onChange,
}: {
  choices: MixinChoices;
  selection: MixinSelection;
  onChange(selection: MixinSelection): void;
}) {
  if (choices.families.length === 0 && choices.others.length === 0) return null;
  return (
    <fieldset>
      <legend>Templates and mixins</legend>
      {choices.families.map(({ root, templates }) => {
        const rootId = idOf(root);
        const id = `tpl-${root.term}`;
        return (
          <div className="field" key={rootId}>
            <label htmlFor={id}>{labelOf(root)}</label>
            <select
              id={id}
              value={selection.templates[rootId] ?? ''}
              onChange={(e) =>
                onChange({ ...selection, templates: { ...selection.templates, [rootId]: e.target.value } })
              }
            >
              <option value="">(none)</option>
              {templates.map((t) => (
                <option key={idOf(t)} value={idOf(t)}>
                  {labelOf(t)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {choices.others.map((m) => {
        const id = idOf(m);
        return (
          <label key={id} className="choice">
            <input
              type="checkbox"
              checked={selection.others.includes(id)}
              onChange={(e) =>
                onChange({
                  ...selection,
                  others: e.target.checked
                    ? [...selection.others, id]
                    : selection.others.filter((o) => o !== id),
                })
              }
            />
            {labelOf(m)} <small className="muted">{id}</small>
          </label>
        );
      })}
    </fieldset>
  );
}
