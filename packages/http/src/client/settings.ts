/** The options of `OcciClient` checked, and what the client keeps of them. */
import type { Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import type { Learnt, OcciClientOptions } from './options.js';
import { mediaTypeOfFormat, preferredRenderings, renderingOf } from './wire.js';

export function configurationError(message: string): OcciError {
  return new OcciError('bad-request', { code: 'other', message });
}

export interface ClientSettings {
  renderings: readonly Rendering[];
  /** The renderings that carry whole messages, preferred first. */
  preferred: readonly Rendering[];
  /** The media type of the `rendering` option. */
  requested: string | undefined;
  pageSize: number;
  /** The media type of the `learnt` option, if one of the renderings serves it. */
  learnt: string | undefined;
}

function learntType(learnt: Learnt | undefined, preferred: readonly Rendering[]): string | undefined {
  if (learnt === undefined) return undefined;
  if (typeof learnt !== 'object' || learnt === null || typeof learnt.discoveredIn !== 'string')
    throw configurationError(
      'learnt must be what OcciClient.learnt() returned: { discoveredIn: <media type> }',
    );
  const type = learnt.discoveredIn.trim().toLowerCase();
  // A media type none of the renderings serves (a client of other renderings learnt it) is ignored.
  return preferred.some((r) => r.mediaTypes.includes(type)) ? type : undefined;
}

export function clientSettings(options: OcciClientOptions): ClientSettings {
  if (!options || typeof options !== 'object') throw configurationError('OcciClient needs options');
  if (!Array.isArray(options.renderings) || options.renderings.length === 0)
    throw configurationError('OcciClient needs at least one rendering (e.g. jsonRendering, textPlain)');
  const preferred = preferredRenderings(options.renderings);
  let requested: string | undefined;
  if (options.rendering !== undefined) {
    const type = mediaTypeOfFormat(options.rendering);
    if (!renderingOf(preferred, type))
      throw configurationError(
        `rendering "${options.rendering}" needs a rendering of ${type} in the renderings option`,
      );
    requested = type;
  }
  if (preferred.length === 0)
    throw configurationError(
      'none of the renderings carries entities (text/uri-list carries only listings); give one such as jsonRendering or textPlain',
    );
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new OcciError('bad-request', {
      code: 'invalid-pagination',
      message: `pageSize ${pageSize} must be a positive integer`,
    });
  return {
    renderings: options.renderings,
    preferred,
    requested,
    pageSize,
    learnt: learntType(options.learnt, preferred),
  };
}
