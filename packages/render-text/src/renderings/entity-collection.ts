/**
 * Entity collection rendering (GFD.229 §5.3): one X-OCCI-Location per
 * entity, as absolute URLs (spec README erratum 11).
 */
import type {
  CollectionMember,
  Entity,
  EntityCollectionMessage,
  ParseContext,
  RenderContext,
} from '@occi/core';
import { OcciError } from '@occi/core';
import { uriReference } from '../abnf/write.js';
import type { Fields, FieldWriter } from '../fields.js';
import { absoluteUrl, readReference } from '../locations.js';
import { report } from '../position.js';
import { onlyFields } from './message-fields.js';

/** The absolute URL of an entity: base URL + location, or its id when it has no location. */
export function entityUrl(entity: Entity, context: RenderContext): string {
  return uriReference(
    entity.location !== undefined ? absoluteUrl(entity.location, context.baseUrl) : entity.id,
  );
}

export function writeEntityCollection(entities: Entity[], context: RenderContext, w: FieldWriter): void {
  for (const e of entities) w.add('x-occi-location', entityUrl(e, context));
}

/** Writes the existing entities a request names (HTTP §9.3.2): their absolute URLs (spec README erratum 11). */
export function writeCollectionMembers(
  members: readonly CollectionMember[],
  context: RenderContext,
  w: FieldWriter,
): void {
  for (const url of memberUrls(members, context)) w.add('x-occi-location', url);
}

/** The absolute URL of each member, by its location (§5.3: entities are named by location). */
export function memberUrls(members: readonly CollectionMember[], context: RenderContext): string[] {
  return members.map((m) => {
    if (typeof m?.location !== 'string' || m.location === '')
      throw new OcciError('bad-request', {
        code: 'invalid-location',
        message: `entity ${m?.id ?? '(without id)'} has no location to name it by (GFD.229 §5.3)`,
      });
    return uriReference(absoluteUrl(m.location, context.baseUrl));
  });
}

/** Reads X-OCCI-Location values; absolute URLs under the base URL become paths. */
export function readEntityCollection(fields: Fields, context: ParseContext): EntityCollectionMessage {
  onlyFields(fields, ['x-occi-location'], 'an entity collection (only X-OCCI-Location, §5.3)');
  const locations = fields.locations.map((l) =>
    readReference(l.uri, context, l.at, fields.notes, 'X-OCCI-Location', 'maybe-id'),
  );
  report(fields.notes, context);
  return { entities: [], locations };
}
