import { documentCategoryName } from '../../../common/document-categories.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { SlaConfig } from '../../config.ts';
import type { ReminderKind } from '../../db/schema-workflows.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { Bilingual } from '../notifications/templates.data.ts';
import { notice } from '../notifications/templates.ts';
import type { UsersService } from '../users/users.service.ts';
import { addCounted } from './business-calendar.ts';
import { type DueReminderRow, type ReminderCause, remindersRepo } from './reminders.repo.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The back-off doubles the wait between two reminders up to this. */
const MAX_INTERVAL_MS = 14 * DAY_MS;
/** Reminders sent per statement: a backlog is worked through in bounded steps. */
const SEND_BATCH = 200;

export type RemindersDeps = Pick<Platform, 'db' | 'clock'> & {
  users: Pick<UsersService, 'companyClients' | 'activeAdmins' | 'contacts'>;
  notifications: Pick<NotificationsService, 'notify'>;
  sla: Pick<SlaConfig, 'documentsReminderDays' | 'reminderMaxCount'>;
};

type NewReminder = {
  kind: ReminderKind;
  subjectId: string;
  dossierId: string | null;
  audience: 'client' | 'expert' | 'admin' | 'user';
  recipientId?: string | null;
  data?: Record<string, unknown>;
  /** When the first reminder falls. */
  firstAt: Date;
  at: Date;
};

/** What a reminder says, in both languages: its cause. */
function subjectOf(row: DueReminderRow): Bilingual {
  const ref = row.dossierReference ?? '';
  const data = row.data as Record<string, unknown>;
  switch (row.kind) {
    case 'documents_awaited': {
      const category = String(data.category ?? '');
      return {
        fr: `Document attendu pour le dossier ${ref} : ${documentCategoryName(category, 'fr')}`,
        en: `Document awaited for file ${ref}: ${documentCategoryName(category, 'en')}`,
      };
    }
    case 'message_unanswered':
      return {
        fr: `Un message du client attend votre réponse (dossier ${ref})`,
        en: `A message from the client awaits your answer (file ${ref})`,
      };
    case 'expert_request_unanswered':
      return {
        fr: `Une demande d’accompagnement attend votre réponse (dossier ${ref})`,
        en: `A request to take on a file awaits your answer (file ${ref})`,
      };
    case 'expert_review_pending':
      return {
        fr: `Un expert attend la validation de son compte : ${String(data.name ?? '')}`,
        en: `An expert awaits the review of their account: ${String(data.name ?? '')}`,
      };
    case 'step_reminder': {
      const message = data.message as Bilingual | undefined;
      return message
        ? { fr: `${message.fr} (dossier ${ref})`, en: `${message.en} (file ${ref})` }
        : { fr: `Une étape attend votre action (dossier ${ref})`, en: `A step awaits you (file ${ref})` };
    }
  }
}

/**
 * Reminders chase whoever must act (documents awaited from a client, an unanswered client message, an expert request
 * left unanswered, an expert account awaiting review, a template's step reminder), with back-off, until their cause
 * is gone: stopped by the events that remove it and checked again when they fall due.
 */
export class RemindersService extends Service<RemindersDeps> {
  async documentsRequested(e: DomainEvents['document.requested']): Promise<void> {
    const waitMs = this.deps.sla.documentsReminderDays * DAY_MS;
    await this.create({
      kind: 'documents_awaited',
      subjectId: e.requestId,
      dossierId: e.dossierId,
      audience: 'client',
      data: { category: e.category },
      firstAt: new Date(e.at.getTime() + waitMs),
      at: e.at,
    });
  }

  /** A client's message starts the chase of the expert (one per dossier); the expert side's answer ends it. */
  async messageCreated(e: DomainEvents['message.created']): Promise<void> {
    const { dossierId } = e;
    if (!e.senderRole || !dossierId) return;
    if (e.senderRole !== 'client') {
      await this.stop({ kind: 'message_unanswered', dossierId }, 'answered');
      return;
    }
    if (await remindersRepo.hasRunning(this.deps.db, 'message_unanswered', dossierId)) return;
    await this.create({
      kind: 'message_unanswered',
      subjectId: e.messageId,
      dossierId,
      audience: 'expert',
      data: { conversationId: e.conversationId },
      firstAt: addCounted(e.at, DAY_MS, 'business_days'),
      at: e.at,
    });
  }

  async expertRequested(e: DomainEvents['expert_request.created']): Promise<void> {
    await this.create({
      kind: 'expert_request_unanswered',
      subjectId: e.requestId,
      dossierId: e.dossierId,
      audience: 'user',
      recipientId: e.expertId,
      firstAt: new Date(e.at.getTime() + DAY_MS),
      at: e.at,
    });
  }

  /** An expert who registers waits for an admin's review. */
  async userRegistered(e: DomainEvents['user.registered']): Promise<void> {
    const [user] = await this.deps.users.contacts([e.userId]);
    if (user?.role !== 'expert' || user.status !== 'pending') return;
    await this.create({
      kind: 'expert_review_pending',
      subjectId: e.userId,
      dossierId: null,
      audience: 'admin',
      data: { name: `${user.firstName} ${user.lastName}` },
      firstAt: addCounted(e.at, DAY_MS, 'business_days'),
      at: e.at,
    });
  }

  async stop(cause: ReminderCause, reason: string): Promise<void> {
    await remindersRepo.stop(this.deps.db, cause, reason, this.deps.clock.now());
  }

  /**
   * Sends the reminders due at `now` (their cause checked again first), each as a `reminder` notification, and
   * schedules the next one with the wait doubled (14 days at most) until `reminderMaxCount` were sent. How many went.
   */
  async sendDue(now: Date = this.deps.clock.now()): Promise<number> {
    await remindersRepo.stopGone(this.deps.db, now);
    let sent = 0;
    for (;;) {
      const rows = await remindersRepo.due(this.deps.db, now, SEND_BATCH);
      for (const row of rows) await this.send(row, now);
      sent += rows.length;
      if (rows.length < SEND_BATCH) return sent;
    }
  }

  private async send(row: DueReminderRow, now: Date): Promise<void> {
    const count = row.sentCount + 1;
    await this.deps.notifications.notify({
      recipients: await this.recipientsOf(row),
      ...notice('reminder', { subject: subjectOf(row) }),
      // The one reminder without a dossier is an expert's account awaiting review: its subject is that user.
      link: row.dossierId ? `/dossiers/${row.dossierId}` : `/admin/utilisateurs/${row.subjectId}`,
      eventKey: `reminder:${row.id}:${count}`,
    });
    // The first wait is the one the reminder was created with; each send doubles the last.
    const lastMs =
      (row.data as { intervalMs?: number }).intervalMs ?? row.nextAt.getTime() - row.createdAt.getTime();
    const intervalMs = Math.min(2 * lastMs, MAX_INTERVAL_MS);
    await remindersRepo.sent(this.deps.db, row.id, row.sentCount, {
      at: now,
      nextAt: new Date(now.getTime() + intervalMs),
      intervalMs,
      stopReason: count >= this.deps.sla.reminderMaxCount ? 'max_count' : null,
    });
  }

  private async recipientsOf(row: DueReminderRow): Promise<string[]> {
    switch (row.audience) {
      case 'client':
        return row.companyId ? this.deps.users.companyClients(row.companyId) : [];
      case 'expert': {
        const expertId = row.recipientId ?? row.expertId;
        return expertId ? [expertId] : [];
      }
      case 'user':
        return row.recipientId ? [row.recipientId] : [];
      case 'admin':
        return this.deps.users.activeAdmins();
    }
  }

  private async create(r: NewReminder): Promise<void> {
    await remindersRepo.insert(this.deps.db, {
      id: uuidv7(r.at.getTime()),
      kind: r.kind,
      subjectId: r.subjectId,
      dossierId: r.dossierId,
      audience: r.audience,
      recipientId: r.recipientId ?? null,
      data: JSON.stringify(r.data ?? {}),
      nextAt: r.firstAt,
      createdAt: r.at,
    });
  }
}
