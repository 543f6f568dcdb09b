/**
 * Link Instance Rendering (JSON §3.1.2) and Link Instance Source/Target
 * Rendering (JSON §3.1.2.1).
 */
import type { Entity, EntityRef, Problem } from '@occi/core';
import { OcciError } from '@occi/core';
import {
  expectObject,
  expectString,
  type ParseLimits,
  pointerTo,
  structureError,
  tooDeep,
  unknownMember,
} from './document.js';
import { pathUnder, readLocation } from './locations.js';

/** The JSON form of a link source or target (JSON §3.1.2.1). */
export interface KindedUri {
  location: string;
  kind?: string;
}

/** The JSON form of a link (JSON §3.1.2). */
export interface LinkRendering {
  kind: string;
  mixins: string[];
  attributes: Entity['attributes'];
  actions: string[];
  id: string;
  source: KindedUri;
  target: KindedUri;
  title?: string;
}

/** Renders a source or target: an absolute path inside the provider (spec README erratum 11), and its kind when known. */
export function renderKindedUri(ref: EntityRef, baseUrl: string): KindedUri {
  const uri: KindedUri = { location: pathUnder(ref.location, baseUrl) };
  if (ref.kind !== undefined) uri.kind = ref.kind;
  return uri;
}

/** JSON §3.1.2: source and target have multiplicity 1; a link without one cannot be rendered, and none is invented. */
function endpoint(link: Entity, name: 'source' | 'target', ref: EntityRef | undefined): EntityRef {
  if (typeof ref?.location === 'string' && ref.location !== '') return ref;
  throw new OcciError('internal', {
    code: 'invalid-link',
    message: `link ${link.id ?? link.location ?? '(without id)'} has no ${name}, which its rendering needs (JSON §3.1.2)`,
  });
}

/**
 * Renders a link with its members in the order of JSON §3.1.2. A link
 * rendered inside its source resource without a source of its own gets the
 * resource as source (`implicitSource`).
 */
export function renderLink(link: Entity, baseUrl: string, implicitSource?: EntityRef): LinkRendering {
  const out: LinkRendering = {
    kind: link.kind,
    mixins: link.mixins,
    attributes: link.attributes,
    actions: link.actions ?? [],
    id: link.id,
    source: renderKindedUri(endpoint(link, 'source', link.source ?? implicitSource), baseUrl),
    target: renderKindedUri(endpoint(link, 'target', link.target), baseUrl),
  };
  if (link.title !== undefined) out.title = link.title;
  return out;
}

const KINDED_URI_MEMBERS = ['location', 'kind'] as const;

/** Parses a source or target (JSON §3.1.2.1); an absolute URL under the base URL becomes a path. */
export function parseKindedUri(
  value: unknown,
  pointer: string,
  depth: number,
  limits: ParseLimits,
  context: { baseUrl: string; notes?: Problem[] },
): EntityRef {
  const object = expectObject(value, pointer, 'an object with a location');
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  let location: string | undefined;
  let kind: string | undefined;
  for (const key in object) {
    if (key === 'location') location = expectString(object[key], pointerTo(pointer, key));
    else if (key === 'kind') kind = expectString(object[key], pointerTo(pointer, key));
    else throw unknownMember(pointer, key, 'a link source or target', KINDED_URI_MEMBERS);
  }
  // JSON §3.1.2.1: location has multiplicity 1.
  if (location === undefined)
    throw structureError(pointerTo(pointer, 'location'), 'missing; a link source or target has a location');
  const ref: EntityRef = {
    location: readLocation(location, pointerTo(pointer, 'location'), context, 'maybe-id'),
  };
  if (kind !== undefined) ref.kind = kind;
  return ref;
}
