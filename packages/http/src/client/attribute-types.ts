/**
 * Whether a rendering carries attribute types through discovery. JSON does
 * (GFD.225 §3.5.1); the text renderings carry only names and
 * `{immutable required}` (GFD.229 §5.2, spec README erratum 4), so a model
 * discovered in them types every attribute `string` by default. The
 * client does not tell renderings apart by media type: it asks the
 * rendering itself, by rendering a category with a number attribute and
 * reading it back.
 */
import type { Rendering } from '@occi/core';
import { kindFromDefinition, Model } from '@occi/core';

const PROBE_ATTRIBUTE = 'probe.count';
const PROBE = kindFromDefinition({
  scheme: 'http://schemas.example.org/occi/client-probe#',
  term: 'probe',
  attributes: { [PROBE_ATTRIBUTE]: { type: 'number', mutable: true } },
});

const known = new WeakMap<Rendering, boolean>();

/** True when a category collection read in `rendering` keeps the types of its attributes. */
export function carriesAttributeTypes(rendering: Rendering): boolean {
  let carries = known.get(rendering);
  if (carries === undefined) {
    const context = { model: Model.fromCategories([]), baseUrl: 'http://localhost' };
    try {
      const payload = rendering.renderCategories({ kinds: [PROBE], mixins: [], actions: [] }, context);
      const read = rendering.readCategories(payload, context);
      carries = read.kinds[0]?.attributes.get(PROBE_ATTRIBUTE)?.type === 'number';
    } catch {
      carries = false;
    }
    known.set(rendering, carries);
  }
  return carries;
}
