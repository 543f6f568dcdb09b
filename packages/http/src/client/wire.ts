/**
 * Which rendering the client speaks (HTTP §3, §5.2): its renderings in
 * order of preference, what discovery asks for, and the wire format chosen
 * from what the server offers.
 */
import type { Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import { mediaTypeOf } from '../negotiation.js';
import { WIRE_MEDIA_TYPES, type WireFormat } from './options.js';

/** The rendering requests and responses travel in, and its media type. */
export interface Wire {
  rendering: Rendering;
  mediaType: string;
}

const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * The renderings that carry whole messages (not only listings, as
 * text/uri-list), preferred first: in the order given, those that travel
 * in header fields last (GFD.229 §7: header space is limited).
 */
export function preferredRenderings(renderings: readonly Rendering[]): Rendering[] {
  const whole = renderings.filter((r) => r.renders.includes('entity'));
  return [...whole.filter((r) => !r.inHeaders), ...whole.filter((r) => r.inHeaders)];
}

/** The media type a wire format names: a short name's (`WIRE_MEDIA_TYPES`), or the media type itself. */
export function mediaTypeOfFormat(format: WireFormat): string {
  if (typeof format === 'string' && Object.hasOwn(WIRE_MEDIA_TYPES, format))
    return WIRE_MEDIA_TYPES[format as keyof typeof WIRE_MEDIA_TYPES];
  const type = typeof format === 'string' ? format.trim().toLowerCase() : '';
  if (!MEDIA_TYPE.test(type))
    throw new OcciError('bad-request', {
      code: 'other',
      message: `rendering "${format}" is not one of ${Object.keys(WIRE_MEDIA_TYPES).join(', ')}, nor a media type`,
    });
  return type;
}

/** The name of a wire format: the short name of its media type, or the media type. */
export function formatOf(mediaType: string): WireFormat {
  const named = Object.entries(WIRE_MEDIA_TYPES).find(([, type]) => type === mediaType);
  return named ? named[0] : mediaType;
}

/** The rendering of `renderings` that serves `mediaType`. */
export function renderingOf(renderings: readonly Rendering[], mediaType: string): Rendering | undefined {
  return renderings.find((r) => r.mediaTypes.includes(mediaType));
}

/**
 * The Accept header of discovery: the first media type of each rendering,
 * preferred first; those after the first at q=0.5, those in header fields
 * at q=0.1 (the model rarely fits in header fields).
 */
export function discoveryAccept(preferred: readonly Rendering[]): string {
  return preferred
    .map((r, i) => {
      const type = r.mediaTypes[0]!;
      if (i === 0) return type;
      return `${type};q=${r.inHeaders ? '0.1' : '0.5'}`;
    })
    .join(', ');
}

/** The media types a server offers (HTTP §5.2: its Accept header), or undefined when it does not say. */
export function offeredBy(accept: string | undefined): Set<string> | undefined {
  if (accept === undefined) return undefined;
  return new Set(
    accept
      .split(',')
      .map((t) => mediaTypeOf(t))
      .filter((t): t is string => t !== undefined),
  );
}

/** The first media type of `rendering` in `offered` (any of them when the server does not say). */
export function offeredType(rendering: Rendering, offered: Set<string> | undefined): string | undefined {
  return offered === undefined ? rendering.mediaTypes[0] : rendering.mediaTypes.find((t) => offered.has(t));
}
