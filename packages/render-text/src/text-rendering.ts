/**
 * What text/plain (§6) and text/occi (§7) share: the renderings of §5 over
 * the fields of §4. They differ only in where the fields travel — lines of
 * the body, or header fields — which a `FieldCodec` decides.
 */
import type { ErrorMessage, MessageKind, Payload, Rendering } from '@occi/core';
import type { Fields, FieldWriter } from './fields.js';
import { readActionInvocation } from './renderings/action-invocation.js';
import { readCategories, writeCategories } from './renderings/category-collection.js';
import { readEntity, writeEntity } from './renderings/entity.js';
import { readEntityCollection, writeEntityCollection } from './renderings/entity-collection.js';

export interface FieldCodec {
  read(payload: Payload): Fields;
  writer(): FieldWriter & { payload(): Payload };
}

const ALL_MESSAGES: readonly MessageKind[] = ['entity', 'entity-collection', 'categories', 'action'];

/** The text of an error: one line per problem, or the message. */
export function errorText(error: ErrorMessage): string {
  const lines = error.problems.length > 0 ? error.problems.map((p) => p.message) : [error.message];
  return `${lines.join('\r\n')}\r\n`;
}

export function textRendering(
  mediaTypes: readonly string[],
  codec: FieldCodec,
  inHeaders: boolean,
): Rendering {
  const rendering: Rendering = {
    mediaTypes,
    renders: ALL_MESSAGES,
    parseEntity: (payload, context) => readEntity(codec.read(payload), context),
    parseEntityCollection: (payload, context) => readEntityCollection(codec.read(payload), context),
    parseCategories: (payload, context) => readCategories(codec.read(payload), context),
    parseActionInvocation: (payload, context) => readActionInvocation(codec.read(payload), context),
    renderEntity(entity, context) {
      const w = codec.writer();
      writeEntity(entity, context, w);
      return w.payload();
    },
    renderEntityCollection(entities, context) {
      const w = codec.writer();
      writeEntityCollection(entities, context, w);
      return w.payload();
    },
    renderCategories(categories, context) {
      const w = codec.writer();
      writeCategories(categories, context, w);
      return w.payload();
    },
    // Errors travel in the body for both renderings (§7: "OK" only on success).
    renderError: (error) => ({ headers: {}, body: errorText(error) }),
  };
  return inHeaders ? { ...rendering, inHeaders: true } : rendering;
}
