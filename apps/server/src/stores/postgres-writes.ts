/**
 * The statements of one write inside a commit's transaction: each checks
 * its expectation itself (`UPDATE … WHERE location = $1 AND version = $2`,
 * `INSERT … ON CONFLICT DO NOTHING`), so that a concurrent writer waits for
 * the row and then finds the version changed.
 */
import type { EntityRecord, StoreWrite } from '@occi/core';
import type pg from 'pg';
import { duplicateId, duplicateLocation, duplicateMixin, rowValues, versionMismatch } from './rows.js';

/** A unique violation on an entity's id, resolved to its location after the rollback. */
export class IdCollision {
  constructor(readonly record: EntityRecord) {}
}

/** Applies one write on `client`, inside its transaction. */
export async function applyWrite(client: pg.PoolClient, w: StoreWrite): Promise<void> {
  switch (w.op) {
    case 'put':
      return put(client, w.record, w.expect);
    case 'delete': {
      const done =
        w.expect === undefined
          ? await client.query('DELETE FROM entities WHERE location = $1', [w.location])
          : await client.query('DELETE FROM entities WHERE location = $1 AND version = $2', [
              w.location,
              w.expect,
            ]);
      if (w.expect !== undefined && done.rowCount === 0) throw versionMismatch(w.location);
      await client.query('DELETE FROM entity_mixins WHERE location = $1', [w.location]);
      return;
    }
    case 'put-mixin': {
      const { id, owner, definition } = w.mixin;
      const values = [id, owner, JSON.stringify(definition)];
      if (w.expect === 'absent') {
        const done = await client.query(
          'INSERT INTO mixins (id, owner, definition) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          values,
        );
        if (done.rowCount === 0) throw duplicateMixin(id);
      } else {
        await client.query(
          'INSERT INTO mixins (id, owner, definition) VALUES ($1, $2, $3) ' +
            'ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, definition = excluded.definition',
          values,
        );
      }
      return;
    }
    case 'delete-mixin':
      await client.query('DELETE FROM mixins WHERE id = $1', [w.id]);
      return;
  }
}

async function put(
  client: pg.PoolClient,
  record: EntityRecord,
  expect: number | 'absent' | undefined,
): Promise<void> {
  const values = rowValues(record);
  const insert =
    'INSERT INTO entities (location, id, kind, owner, version, source, target, data) ' +
    'VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';
  try {
    if (expect === 'absent') {
      const done = await client.query(`${insert} ON CONFLICT DO NOTHING`, values);
      if (done.rowCount === 0) {
        const taken = await client.query('SELECT 1 FROM entities WHERE location = $1', [record.location]);
        if (taken.rowCount !== 0) throw duplicateLocation(record.location);
        const byId = await client.query<{ location: string }>('SELECT location FROM entities WHERE id = $1', [
          record.id,
        ]);
        throw duplicateId(record.id, byId.rows[0]?.location ?? record.location);
      }
    } else if (expect === undefined) {
      await client.query(
        `${insert} ON CONFLICT (location) DO UPDATE SET id = excluded.id, kind = excluded.kind, ` +
          'owner = excluded.owner, version = excluded.version, source = excluded.source, ' +
          'target = excluded.target, data = excluded.data',
        values,
      );
    } else {
      const done = await client.query(
        'UPDATE entities SET id = $2, kind = $3, owner = $4, version = $5, source = $6, target = $7, ' +
          'data = $8 WHERE location = $1 AND version = $9',
        [...values, expect],
      );
      if (done.rowCount === 0) throw versionMismatch(record.location);
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') {
      // The location is settled above; a unique violation here is the id.
      throw new IdCollision(record);
    }
    throw error;
  }
  await client.query('DELETE FROM entity_mixins WHERE location = $1', [record.location]);
  if (record.mixins.length > 0)
    await client.query(
      'INSERT INTO entity_mixins (location, mixin) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [record.location, record.mixins],
    );
}
