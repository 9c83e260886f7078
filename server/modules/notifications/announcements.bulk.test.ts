import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcementSegment } from '../../../common/announcements.ts';
import { freshDatabase } from '../../../tests/support/test-app.ts';
import { createDb, type Db, type Executor } from '../../db/pool.ts';
import { type BulkAnnouncement, choicesOf, storeForSegment } from './announcements.bulk.ts';
import { announcementsRepo } from './announcements.repo.ts';

const RECIPIENTS = 5000;
const at = new Date('2026-06-01T08:00:00Z');

let database: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await freshDatabase();
  db = createDb(database.url, 2).db;
});

afterAll(async () => {
  await db.destroy();
  await database.drop();
});

/** A new announcement to every admin, stored in one part. */
async function storeAll(trx: Executor): Promise<number> {
  const data = { titleFr: 'Maintenance', bodyFr: 'Samedi.', titleEn: 'Maintenance', bodyEn: 'On Saturday.' };
  const announcement: BulkAnnouncement = {
    id: randomUUID(),
    segment: announcementSegment.parse({ roles: ['admin'] }),
    deliveryChannels: ['email'],
    data,
  };
  const author = await trx.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
  await announcementsRepo.insert(trx, {
    id: announcement.id,
    authorId: author.id,
    ...data,
    segment: JSON.stringify(announcement.segment),
    channels: ['in_app', 'email'],
    status: 'sending',
    scheduledAt: at,
    createdAt: at,
    updatedAt: at,
  });
  return storeForSegment(trx, announcement, choicesOf([], at), { index: 0, of: 1 }, at);
}

async function addAdmins(count: number) {
  await sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name)
    SELECT gen_random_uuid(), 'admin-' || gen_random_uuid() || '@bulk.test', 'x', 'admin', 'active', 'Ada', 'Lovelace'
    FROM generate_series(1, ${count}) AS n`.execute(db);
}

describe('storing an announcement on a connection that served while the tables were small', () => {
  it('checks its rows’ references by index, not by plans made for the small tables', async () => {
    await addAdmins(1);
    // Statistics of the empty tables, as autovacuum takes them on a new platform.
    await sql`ANALYZE notifications`.execute(db);
    await db.connection().execute(async (connection) => {
      // Six announcements to one admin while `notifications` is tiny: the connection keeps a plan of the reference
      // checks that scans the whole table, right for a few rows.
      for (let i = 0; i < 6; i++) await connection.transaction().execute(storeAll);
      await addAdmins(RECIPIENTS);
      const rowsRead = await connection.transaction().execute(async (trx) => {
        const before = await rowsScannedInNotifications(trx);
        expect(await storeAll(trx)).toBe(RECIPIENTS + 1);
        return (await rowsScannedInNotifications(trx)) - before;
      });
      // A few rows per recipient (who has it already, in the small table). Before the fix, 25 million: the whole
      // growing table for each of the 10,000 references (15 to 30 s a part of 10,000 in the benchmark).
      expect(rowsRead).toBeLessThan(RECIPIENTS * 10);
    });
  });
});

/** Rows of `notifications` read by sequential scans in the current transaction. */
async function rowsScannedInNotifications(trx: Executor): Promise<number> {
  const { rows } = await sql<{ read: number }>`
    SELECT seq_tup_read::int AS read FROM pg_stat_xact_user_tables WHERE relname = 'notifications'`.execute(
    trx,
  );
  return rows[0]?.read ?? 0;
}
