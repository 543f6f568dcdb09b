/**
 * The class of a Category value (GFD.229 §4.1). A Category always names its
 * class in what we write; OCCI 1.1 clients leave it out of references
 * (`Category: compute; scheme="…#"`), and since scheme and term identify a
 * Category on their own (Core §5.3.1), the model says which class it is.
 */
import type { CategoryClass, ParseContext } from '@occi/core';
import type { CategoryValue } from '../abnf/category.js';
import type { Note } from '../position.js';
import { parseError } from '../position.js';

const article = (cls: CategoryClass) => (cls === 'action' ? 'an' : 'a');

/**
 * The class given, or the model's for the value's type identifier, noted
 * (`missing-class`); a value without class that the model does not know
 * is a parse error: nothing says what it is.
 */
export function readClass(c: CategoryValue, context: ParseContext, notes: Note[]): CategoryClass {
  if (c.class !== undefined) return c.class;
  const id = c.scheme + c.term;
  const known = context.model.get(id)?.class;
  if (known === undefined)
    throw parseError(
      c.at,
      `Category ${c.term} has no class, and the model has no category ${id} to take it from; give class="kind", "mixin" or "action" (§4.1)`,
    );
  notes.push({
    code: 'missing-class',
    message: `Category ${id} has no class (§4.1 requires one): read as ${article(known)} ${known}, as the model defines it`,
    at: c.at,
    category: id,
  });
  return known;
}
