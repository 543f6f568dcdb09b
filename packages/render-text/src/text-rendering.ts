/**
 * What text/plain (§6) and text/occi (§7) share: the renderings of §5 over
 * the fields of §4, in both directions. They differ only in where the
 * fields travel — lines of the body, or header fields — which a
 * `FieldCodec` decides.
 */
import type { ErrorMessage, MessageKind, Payload, Problem, Rendering } from '@occi/core';
import type { Fields, FieldWriter } from './fields.js';
import { readActionInvocation, writeActionInvocation } from './renderings/action-invocation.js';
import {
  readCategories,
  writeCategories,
  writeMixinDefinitions,
  writeMixinReferences,
} from './renderings/category-collection.js';
import { readEntity, writeEntity } from './renderings/entity.js';
import {
  readEntityCollection,
  writeCollectionMembers,
  writeEntityCollection,
} from './renderings/entity-collection.js';
import { writeEntityDraft, writeFilter } from './renderings/entity-draft.js';
import { readEntityResponse } from './renderings/entity-response.js';

/** Where the fields travel. A writer's `payload()` is a response, its `request()` a request. */
export interface FieldCodec {
  read(payload: Payload): Fields;
  writer(): FieldWriter & { payload(): Payload; request(): Payload };
}

const ALL_MESSAGES: readonly MessageKind[] = ['entity', 'entity-collection', 'categories', 'action'];

/** The text of an error: one line per problem, or the message. */
export function errorText(error: ErrorMessage): string {
  const lines = error.problems.length > 0 ? error.problems.map((p) => p.message) : [error.message];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Reads an error body as `errorText` writes it: one problem per line (`OK`,
 * text/occi's body, is none). The message is empty when the body says nothing.
 */
export function readErrorText(body: string, status: number): ErrorMessage {
  const lines = (typeof body === 'string' ? body : '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'OK');
  const problems: Problem[] = lines.map((message) => ({ code: 'other', message }));
  return { status, message: lines.join('; '), problems };
}

export function textRendering(
  mediaTypes: readonly string[],
  codec: FieldCodec,
  inHeaders: boolean,
): Rendering {
  /** A response written by `write`. */
  const response = (write: (w: FieldWriter) => void): Payload => {
    const w = codec.writer();
    write(w);
    return w.payload();
  };
  /** A request written by `write`. */
  const request = (write: (w: FieldWriter) => void): Payload => {
    const w = codec.writer();
    write(w);
    return w.request();
  };
  const rendering: Rendering = {
    mediaTypes,
    renders: ALL_MESSAGES,
    // §5.3: an entity collection names entities by location.
    namesEntitiesBy: 'location',

    parseEntity: (payload, context) => readEntity(codec.read(payload), context),
    parseEntityCollection: (payload, context) => readEntityCollection(codec.read(payload), context),
    parseCategories: (payload, context) => readCategories(codec.read(payload), context),
    parseActionInvocation: (payload, context) => readActionInvocation(codec.read(payload), context),
    renderEntity: (entity, context) => response((w) => writeEntity(entity, context, w)),
    renderEntityCollection: (entities, context) =>
      response((w) => writeEntityCollection(entities, context, w)),
    renderCategories: (categories, context) => response((w) => writeCategories(categories, context, w)),
    // Errors travel in the body for both renderings (§7: "OK" only on success).
    renderError: (error) => ({ headers: {}, body: errorText(error) }),

    writeEntity: (entity, context) => request((w) => writeEntityDraft(entity, context, w)),
    writeEntityCollection: (members, context) => request((w) => writeCollectionMembers(members, context, w)),
    writeMixinDefinitions: (mixins) => request((w) => writeMixinDefinitions(mixins, w)),
    writeMixinReferences: (ids) => request((w) => writeMixinReferences(ids, w)),
    writeActionInvocation: (invocation) => request((w) => writeActionInvocation(invocation, w)),
    writeFilter: (filter, context) => request((w) => writeFilter(filter, context, w)),
    readEntity: (payload, context) => readEntityResponse(codec.read(payload), context),
    readEntityCollection: (payload, context) => {
      const { locations } = readEntityCollection(codec.read(payload), context);
      return { entities: [], locations };
    },
    readCategories: (payload, context) => readCategories(codec.read(payload), context),
    readError: (payload, status) => readErrorText(payload.body, status),
  };
  if (inHeaders) return { ...rendering, inHeaders: true };
  // §5.3: one X-OCCI-Location line per entity, so a collection's body is its batches' bodies in turn.
  return {
    ...rendering,
    entityCollectionWriter: (context) => ({
      grouped: false,
      locationsOnly: true,
      write: (entities) => rendering.renderEntityCollection([...entities], context).body,
      end: () => '',
    }),
  };
}
