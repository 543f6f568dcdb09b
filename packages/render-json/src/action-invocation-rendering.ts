/** Action Invocation Rendering (JSON §3.1.1.1). */
import type { ActionInvocation, Attributes } from '@occi/core';
import { parseAttributes } from './attribute-rendering.js';
import {
  expectObject,
  expectString,
  type ParseLimits,
  pointerTo,
  structureError,
  unknownMember,
} from './document.js';

/** The JSON form of an action invocation. */
export interface ActionInvocationRendering {
  action: string;
  attributes: Attributes;
}

export function renderActionInvocationObject(invocation: ActionInvocation): ActionInvocationRendering {
  return { action: invocation.action, attributes: invocation.attributes };
}

const MEMBERS = ['action', 'attributes'] as const;

/** Parses `{"action": "<type identifier>", "attributes": {...}}`; `attributes` is optional (JSON §3.1.1.1). */
export function parseActionInvocationObject(value: unknown, limits: ParseLimits): ActionInvocation {
  const object = expectObject(value, '', 'an action invocation object');
  let action: string | undefined;
  let attributes: Attributes = {};
  for (const key in object) {
    if (key === 'action') action = expectString(object[key], '/action');
    else if (key === 'attributes') {
      // Action parameters are plain attributes: `occi.core.*` names have no field to go to here.
      attributes = parseAttributes(object[key], '/attributes', 2, limits, false).attributes;
    } else throw unknownMember('', key, 'an action invocation rendering', MEMBERS);
  }
  // JSON §3.1.1.1: action has multiplicity 1.
  if (action === undefined)
    throw structureError(pointerTo('', 'action'), 'missing; an action invocation names its action');
  return { action, attributes };
}
