/** Which fields a message may carry: anything else is an error naming the field. */
import type { FieldName, Fields } from '../fields.js';
import { FIELD_NAMES } from '../fields.js';
import { parseError } from '../position.js';

export function onlyFields(fields: Fields, allowed: readonly FieldName[], message: string): void {
  const check = (name: FieldName, values: readonly { at: import('../position.js').Position }[]) => {
    if (values.length > 0 && !allowed.includes(name)) {
      throw parseError(values[0]!.at, `${FIELD_NAMES[name]} cannot appear in ${message}`);
    }
  };
  check('category', fields.categories);
  check('link', fields.links);
  check('x-occi-attribute', fields.attributes);
  check('x-occi-location', fields.locations);
}
