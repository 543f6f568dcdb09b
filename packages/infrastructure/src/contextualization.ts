/**
 * Contextualization mixin (Infrastructure §3.5.2.2, table 13): data the
 * Compute runs as the last step of its boot, supplied once and only once.
 */
import type { Behaviour, Entity, MixinDefinition, Problem } from '@occi/core';
import { COMPUTE_KIND, COMPUTE_SCHEME, USER_DATA_MIXIN } from './identifiers.js';

export const userDataMixin: MixinDefinition = {
  scheme: COMPUTE_SCHEME,
  term: 'user_data',
  title: 'Contextualization Mixin',
  // Infrastructure §3.5.2.2: the contextualization mixin MUST only apply to the Compute kind.
  applies: [COMPUTE_KIND],
  location: '/mixin/user_data/',
  attributes: {
    'occi.compute.userdata': {
      type: 'string',
      mutable: true,
      required: true,
      description:
        'Contextualization data (e.g., script, executable) that the client supplies once and only once. It cannot be updated.',
    },
  },
};

/**
 * Infrastructure §3.5.2.2: `occi.compute.userdata` is supplied once and
 * cannot be updated. It is "mutable" only in that the client sets it; once
 * an instance carries a value, a different value is refused.
 */
export function validateUserData(entity: Entity, previous: Entity | undefined): Problem[] {
  const before = previous?.attributes['occi.compute.userdata'];
  if (before === undefined) return [];
  const after = entity.attributes['occi.compute.userdata'];
  if (after === undefined || JSON.stringify(after) === JSON.stringify(before)) return [];
  return [
    {
      code: 'immutable-attribute',
      message:
        'occi.compute.userdata is supplied once and only once; it cannot be updated (Infrastructure §3.5.2.2)',
      attribute: 'occi.compute.userdata',
      category: USER_DATA_MIXIN,
    },
  ];
}

export const userDataBehaviour: Behaviour = { category: USER_DATA_MIXIN, validate: validateUserData };
