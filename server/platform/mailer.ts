/**
 * Every e-mail of the platform (notifications, digests, account e-mails) goes through `Mailer.queue`: one row in
 * `email_messages` (idempotent on its key), then the durable `email.send` job sends it over SMTP. Without SMTP the
 * row stays in the outbox (status 'outbox') that admins read in the app: nothing is silently dropped.
 */
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { uuidv7 } from '../../common/ids.ts';
import type { Executor } from '../db/pool.ts';
import type { EmailAttachment } from '../db/schema-notifications.ts';
import { emailMessagesRepo } from './email-messages.repo.ts';
import { defineJob, type JobContext } from './jobs.ts';
import { type Platform, Service } from './service.ts';
import type { BlobStorage } from './storage/blob-storage.ts';

export type EmailLocale = 'fr' | 'en';

export type QueuedEmail = {
  /** One e-mail per key, whatever the retries: `delivery:<id>`, `digest:<user>:<period>`, `verify-email:<token>`… */
  idempotencyKey: string;
  userId: string | null;
  to: string;
  /** A notification type, 'digest', or an account e-mail ('account.verify_email'…). */
  kind: string;
  locale: EmailLocale;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Files of the platform storage, read when the e-mail is sent (a blob must outlive the e-mail's retries). */
  attachments?: EmailAttachment[];
};

export type MailerDeps = Pick<Platform, 'db' | 'clock' | 'jobs'> & {
  /** Unset: e-mails are kept in the outbox. */
  smtpUrl: string | undefined;
  /** The From header, e.g. `FinancialTracker <no-reply@financialtracker.fr>`. */
  from: string;
  /** Where attachments are read from. */
  storage: Pick<BlobStorage, 'get'>;
};

/** A failure of the SMTP server or the network is retried; it is the last attempt that marks the e-mail failed. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export class Mailer extends Service<MailerDeps> {
  /** Made at the first delivery: nodemailer (5 MB of heap) loads only on an instance that sends. */
  private transport: Promise<Transporter> | undefined;
  private readonly messageIdDomain: string;

  constructor(deps: MailerDeps) {
    super(deps);
    this.messageIdDomain = /@([^>\s]+)/.exec(deps.from)?.[1] ?? 'financialtracker.fr';
  }

  /**
   * Records the e-mail (once per idempotency key) and sends the `email.send` job; without SMTP it stays in the
   * outbox. Queued again with a key already used, an e-mail still waiting gets its job sent again (a caller retried
   * after a crash between the two steps), and nothing else happens. Given a transaction, the job may run before the
   * commit: it then finds no row and is retried.
   */
  async queue(
    email: QueuedEmail,
    executor: Executor = this.deps.db,
  ): Promise<{ id: string; created: boolean }> {
    const at = this.deps.clock.now();
    const id = await emailMessagesRepo.insertUnlessKeyTaken(executor, {
      id: uuidv7(at.getTime()),
      idempotencyKey: email.idempotencyKey,
      userId: email.userId,
      toAddress: email.to,
      kind: email.kind,
      locale: email.locale,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: JSON.stringify(email.headers ?? {}),
      attachments: JSON.stringify(email.attachments ?? []),
      status: this.deps.smtpUrl ? 'queued' : 'outbox',
      createdAt: at,
    });
    if (id) {
      if (this.deps.smtpUrl) await this.deps.jobs.send(sendEmail, { emailId: id });
      return { id, created: true };
    }
    const existing = await emailMessagesRepo.idOfKey(executor, email.idempotencyKey);
    if ((await emailMessagesRepo.status(executor, existing)) === 'queued') {
      await this.deps.jobs.send(sendEmail, { emailId: existing });
    }
    return { id: existing, created: false };
  }

  /**
   * Sends a queued e-mail once, whatever the retries and instances: the row is locked (SKIP LOCKED) for the whole
   * send and marked sent in the same transaction, so a second worker finds it taken or sent. A failure is recorded
   * (attempts, last error) and thrown for the job to retry; `lastAttempt` marks it failed for good. The Message-ID
   * comes from the row's id: should the commit after a successful send fail, the retry sends the same message again
   * and the receiving side sees the same id.
   */
  async deliver(emailId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<void> {
    const { db, clock, from } = this.deps;
    const transport = await this.smtp();
    if (!transport) return;
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await emailMessagesRepo.lockQueued(trx, emailId);
      if (!row) return { locked: false as const };
      try {
        const info = await transport.sendMail({
          from,
          to: row.toAddress,
          subject: row.subject,
          html: row.html,
          text: row.text,
          headers: row.headers,
          attachments: await Promise.all(
            row.attachments.map(async (a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: (await this.deps.storage.get(a.blobKey)).stream,
            })),
          ),
          messageId: this.messageIdOf(row.id),
          date: row.createdAt,
        });
        await emailMessagesRepo.markSent(trx, row.id, String(info.messageId), clock.now());
        return { locked: true as const };
      } catch (error) {
        const message = String((error as Error)?.message ?? error).slice(0, 1000);
        await emailMessagesRepo.markAttemptFailed(trx, row.id, message, lastAttempt ? 'failed' : 'queued');
        return { locked: true as const, error };
      }
    });
    if (outcome.error) throw outcome.error;
    if (!outcome.locked && (await emailMessagesRepo.status(db, emailId)) === undefined) {
      // Queued in a transaction not committed yet (or rolled back): the retry finds it, or gives up.
      throw new Error(`E-mail ${emailId} is not there (yet)`);
    }
  }

  messageIdOf(emailId: string): string {
    return `<${emailId}@${this.messageIdDomain}>`;
  }

  close(): void {
    void this.transport?.then((transport) => transport.close());
  }

  private smtp(): Promise<Transporter> | undefined {
    const url = this.deps.smtpUrl;
    // One connection per e-mail (no pool): nothing to keep alive between jobs, and a server back up is used at once.
    this.transport ??= url
      ? import('nodemailer').then(({ createTransport }) =>
          createTransport({ url, pool: false, ...SMTP_TIMEOUTS }),
        )
      : undefined;
    return this.transport;
  }
}

const EMAIL_RETRY = { limit: 5, delaySeconds: 10, backoff: true };

/** Sends one e-mail of `email_messages`; retried with back-off (10 s, then doubling), failed after the last try. */
export const sendEmail = defineJob({
  name: 'email.send',
  payload: z.object({ emailId: z.string().uuid() }),
  retry: EMAIL_RETRY,
  // Ten SMTP conversations at a time, so that an announcement's e-mails do not go out one per poll.
  batchSize: 10,
  run: async ({ emailId }, { attempt, mailer }: JobContext & { mailer: Mailer }) =>
    mailer.deliver(emailId, { lastAttempt: attempt >= EMAIL_RETRY.limit }),
});
