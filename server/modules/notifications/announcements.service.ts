import {
  type Announcement,
  type AnnouncementDetail,
  type AnnouncementInput,
  type AnnouncementPreview,
  type AnnouncementSegment,
  announcementSegment,
} from '../../../common/announcements.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { choicesOf, storeForSegment } from './announcements.bulk.ts';
import { sendAnnouncement } from './announcements.jobs.ts';
import type { AnnouncementsLive } from './announcements.live.ts';
import { toAnnouncement, toAnnouncementDetail } from './announcements.presenter.ts';
import { type AnnouncementsTableRow, announcementsRepo as repo } from './announcements.repo.ts';
import { deliverNotification, deliveryJobs } from './notifications.jobs.ts';

/** How many recipients the preview names. */
const SAMPLE_SIZE = 5;
/** A send still 'sending' this long after its last step was cut short (an instance stopped): the sweep resumes it. */
const STALLED_SEND_MS = 10 * 60_000;
/** Recipients stored per statement. */
const PART_SIZE = 10_000;
/** Parts stored at once, each on its own connection. */
const STORE_CONCURRENCY = 2;

export type AnnouncementsDeps = Pick<Platform, 'db' | 'clock' | 'jobs'> & {
  live: AnnouncementsLive;
  /** Failures after a commit, which the caller must not see (the sweep makes up for them). */
  log: (error: unknown, context: string) => void;
};

const notFound = () => new AppError(404, 'ANNOUNCEMENT_NOT_FOUND', 'Annonce introuvable');

/**
 * Targeted announcements, written by admins in French and English: the exact recipient count before sending, a
 * send now or at a set time, and what became of it. The send is a bulk path: a few set-based statements store the
 * announcement for the whole segment (100,000 accounts), then the connected recipients are told and the e-mails and
 * pushes are queued in batches.
 */
export class AnnouncementsService extends Service<AnnouncementsDeps> {
  async preview(segment: AnnouncementSegment): Promise<AnnouncementPreview> {
    const { db } = this.deps;
    const count = await repo.countSegment(db, segment);
    const sample = count ? await repo.sampleSegment(db, segment, SAMPLE_SIZE) : [];
    return { count, sample };
  }

  async create(actor: AuthUser, input: AnnouncementInput): Promise<AnnouncementDetail> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : now;
    if (scheduledAt < now) {
      throw new AppError(422, 'ANNOUNCEMENT_SCHEDULE_PAST', 'La date d’envoi est déjà passée');
    }
    if ((await repo.countSegment(db, input.segment)) === 0) {
      throw new AppError(422, 'ANNOUNCEMENT_NO_RECIPIENTS', 'Ce ciblage ne correspond à aucun compte actif');
    }
    const id = uuidv7(now.getTime());
    await db.transaction().execute(async (trx) => {
      await repo.insert(trx, {
        id,
        authorId: actor.id,
        titleFr: input.titleFr,
        bodyFr: input.bodyFr,
        titleEn: input.titleEn,
        bodyEn: input.bodyEn,
        segment: JSON.stringify(input.segment),
        channels: input.channels,
        status: 'scheduled',
        scheduledAt,
        sentAt: null,
        recipientCount: null,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'announcement.created',
        entityType: 'announcement',
        entityId: id,
        after: { segment: input.segment, channels: input.channels, scheduledAt: scheduledAt.toISOString() },
        at: now,
      });
    });
    // Committed: a failure to queue the job is made up for by the sweep, never answered as an error.
    await this.deps.jobs
      .sendMany(sendAnnouncement, [{ payload: { announcementId: id }, startAfter: scheduledAt }])
      .catch((error: unknown) => this.deps.log(error, 'announcement send job'));
    return this.get(id);
  }

  async list(query: { limit: number; cursor?: string }): Promise<Page<Announcement>> {
    const afterId = query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined;
    const rows = await repo.list(this.deps.db, { afterId, limit: query.limit });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map(toAnnouncement), nextCursor };
  }

  async get(id: string): Promise<AnnouncementDetail> {
    const row = await repo.find(this.deps.db, id);
    if (!row) throw notFound();
    return toAnnouncementDetail(row, await repo.statistics(this.deps.db, id));
  }

  async cancel(actor: AuthUser, id: string): Promise<AnnouncementDetail> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const { numUpdatedRows } = await repo.cancel(trx, id, now);
      if (numUpdatedRows === 0n) {
        if (!(await repo.find(trx, id))) throw notFound();
        throw new AppError(409, 'ANNOUNCEMENT_NOT_SCHEDULED', 'Cette annonce n’est plus programmée');
      }
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'announcement.cancelled',
        entityType: 'announcement',
        entityId: id,
        at: now,
      });
    });
    return this.get(id);
  }

  /**
   * The send (the `notifications.announcement-send` job): once due, claims the announcement, stores it for every
   * recipient of its segment who does not have it yet, then tells those connected and queues the e-mails and
   * pushes. `retry`: a retry of a send that failed, which takes its claim back at once.
   */
  async send(id: string, { retry = false } = {}): Promise<void> {
    const announcement = await this.claim(id, retry);
    if (!announcement) return;
    const created = await this.store(announcement);
    // Live is a courtesy (the centre shows it anyway): its failure must not hold back the e-mails and pushes.
    if (created > 0) {
      await this.deps.live.announce(id).catch((error: unknown) => this.deps.log(error, 'announcement live'));
    }
    await this.queueDeliveries(id);
    await repo.markSent(this.deps.db, id, this.deps.clock.now());
  }

  /** The announcement if this send may go ahead: due, and not sent, cancelled or being sent elsewhere. */
  private async claim(id: string, retry: boolean) {
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const announcement = await repo.lockForSend(trx, id);
      if (!announcement || announcement.scheduledAt > now) return null;
      const stalled = now.getTime() - announcement.updatedAt.getTime() > STALLED_SEND_MS;
      if (announcement.status === 'sending' ? !(retry || stalled) : announcement.status !== 'scheduled') {
        return null;
      }
      await repo.markSending(trx, id, now);
      return announcement;
    });
  }

  /**
   * Stores the announcement in parts of about PART_SIZE recipients, STORE_CONCURRENCY at a time: each part one
   * statement in its own transaction (short enough for the statement timeout, committed as it goes), and the
   * database's cores busy together. Returns how many recipients it stored.
   */
  private async store(announcement: AnnouncementsTableRow): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const segment = announcementSegment.parse(announcement.segment);
    const bulk = {
      id: announcement.id,
      segment,
      deliveryChannels: announcement.channels.filter((c) => c === 'email' || c === 'push'),
      data: {
        titleFr: announcement.titleFr,
        bodyFr: announcement.bodyFr,
        titleEn: announcement.titleEn,
        bodyEn: announcement.bodyEn,
      },
    };
    const choices = choicesOf(await repo.segmentSettings(db, segment), now);
    const of = Math.max(1, Math.ceil((await repo.countSegment(db, segment)) / PART_SIZE));
    let next = 0;
    let created = 0;
    let failed = false;
    const worker = async () => {
      while (next < of && !failed) {
        const part = { index: next++, of };
        try {
          const stored = await db
            .transaction()
            .execute((trx) => storeForSegment(trx, bulk, choices, part, now));
          created += stored;
          await repo.touch(db, announcement.id, clock.now());
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(STORE_CONCURRENCY, of) }, worker),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    await repo.markStored(db, announcement.id, clock.now());
    return created;
  }

  /** The jobs of the announcement's e-mails and pushes still pending, each held until its quiet hours end. */
  private async queueDeliveries(id: string): Promise<void> {
    const pending = await repo.pendingDeliveries(this.deps.db, id).execute();
    await this.deps.jobs.sendMany(deliverNotification, deliveryJobs(pending));
  }

  /** The sweep: the send jobs of the announcements due and not sent (their job lost, or cut short). */
  async sendDue(): Promise<void> {
    const now = this.deps.clock.now();
    const due = await repo.due(this.deps.db, now, new Date(now.getTime() - STALLED_SEND_MS));
    await this.deps.jobs.sendMany(
      sendAnnouncement,
      due.map(({ id }) => ({ payload: { announcementId: id } })),
    );
  }
}
