import type { EmailDetail, EmailListItem, EmailListQuery } from '../../../common/emails.ts';
import type { Page } from '../../../common/pagination.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { emailRepo } from './email.repo.ts';

type ListRow = Awaited<ReturnType<typeof emailRepo.list>>[number];

const toListItem = (row: ListRow): EmailListItem => ({
  id: row.id,
  to: row.toAddress,
  userId: row.userId,
  kind: row.kind,
  locale: row.locale,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
});

export type EmailOutboxDeps = Pick<Platform, 'db'>;

/** The admins' view of every e-mail the platform sent or keeps in its outbox (the routes are admin only). */
export class EmailOutboxService extends Service<EmailOutboxDeps> {
  async list(query: EmailListQuery): Promise<Page<EmailListItem>> {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const rows = await emailRepo.list(this.deps.db, {
      ...query,
      after: key && { createdAt: key[0], id: key[1] },
    });
    const page = pageOf(rows, query.limit, (last) => [last.createdAt.toISOString(), last.id]);
    return { items: page.items.map(toListItem), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<EmailDetail> {
    const row = await emailRepo.find(this.deps.db, id);
    if (!row) throw notFound('E-mail');
    return {
      ...toListItem(row),
      html: row.html,
      text: row.text,
      headers: row.headers,
      smtpMessageId: row.smtpMessageId,
    };
  }
}
