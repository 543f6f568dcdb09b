/**
 * Conditional requests (RFC 9110 §13) on entities: If-Match and
 * If-None-Match as the preconditions of a read, answered here, and as the
 * conditions of a write, which the provider checks against the entity it
 * changes (HTTP §8: an entity's ETag is its version).
 */
import type { Entity, WriteConditions } from '@occi/core';
import { OcciError } from '@occi/core';
import type { FastifyReply } from 'fastify';
import type { Exchange } from './exchange.js';

/** If-Match / If-None-Match as write conditions (RFC 9110 §13.1: If-Match compares strongly, If-None-Match weakly). */
export function writeConditions(x: Exchange): WriteConditions | undefined {
  const conditions: WriteConditions = {};
  const ifMatch = entityTags(x.request.headers['if-match']);
  const ifNoneMatch = entityTags(x.request.headers['if-none-match']);
  if (ifMatch) conditions.ifMatch = ifMatch === '*' ? '*' : ifMatch.filter((t) => !t.weak).map((t) => t.tag);
  if (ifNoneMatch) conditions.ifNoneMatch = ifNoneMatch === '*' ? '*' : ifNoneMatch.map((t) => t.tag);
  return conditions.ifMatch !== undefined || conditions.ifNoneMatch !== undefined ? conditions : undefined;
}

/**
 * RFC 9110 §13.2.2: the preconditions of a GET or HEAD of `entity`, in
 * their order — If-Match that matches none of the entity's tags is 412,
 * If-None-Match that matches one is 304 (with the tag, without a body).
 * Answers the reply when a precondition decided, undefined otherwise.
 */
export function readPreconditions(x: Exchange, entity: Entity): FastifyReply | undefined {
  const tag = entity.version;
  if (tag === undefined) return undefined;
  const ifMatch = entityTags(x.request.headers['if-match']);
  if (ifMatch && ifMatch !== '*' && !ifMatch.some((t) => !t.weak && t.tag === tag))
    throw new OcciError('precondition-failed', {
      code: 'version-mismatch',
      message: `${entity.location ?? x.path} is at version ${tag}, which If-Match does not name`,
    });
  const ifNoneMatch = entityTags(x.request.headers['if-none-match']);
  if (ifNoneMatch === '*' || ifNoneMatch?.some((t) => t.tag === tag)) {
    // RFC 9110 §15.4.5: a 304 carries the Vary a 200 would.
    x.setVary();
    return x.reply.code(304).header('etag', `"${tag}"`).send();
  }
  return undefined;
}

/** An If-Match / If-None-Match field: `*`, or its entity tags (RFC 9110 §8.8.3); undefined when absent. */
function entityTags(
  field: string | string[] | undefined,
): '*' | { tag: string; weak: boolean }[] | undefined {
  if (field === undefined) return undefined;
  const value = Array.isArray(field) ? field.join(',') : field;
  if (value.trim() === '*') return '*';
  const tags: { tag: string; weak: boolean }[] = [];
  for (const m of value.matchAll(/(W\/)?"([^"]*)"/g)) tags.push({ tag: m[2]!, weak: m[1] !== undefined });
  return tags;
}
