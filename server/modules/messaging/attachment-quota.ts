import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { attachmentsRepo } from './attachments.repo.ts';

const quotaExceeded = (quotaBytes: number, usedBytes: number) =>
  new AppError(
    413,
    'ATTACHMENT_QUOTA_EXCEEDED',
    'Limite de stockage des pièces jointes atteinte pour ce compte',
    { quotaBytes, usedBytes },
  );

export type AttachmentQuotaDeps = Pick<Platform, 'db'> & { quotaBytes: number };

/**
 * Each user may keep at most `quotaBytes` of attachments (ATTACHMENT_QUOTA_BYTES); uploads never sent count until
 * they are purged. Checked before an upload is read (a full account is refused at once) and again, exactly, when its
 * row is written: under a per-user lock, so parallel uploads cannot together pass the quota.
 */
export class AttachmentQuota extends Service<AttachmentQuotaDeps> {
  /** Refuses (413 ATTACHMENT_QUOTA_EXCEEDED) when the user has no room left at all. */
  async ensureRoom(userId: string): Promise<void> {
    const used = await attachmentsRepo.storedBytes(this.deps.db, userId);
    if (used >= this.deps.quotaBytes) throw quotaExceeded(this.deps.quotaBytes, used);
  }

  /** Writes the attachment's row if it fits in the user's quota; 413 ATTACHMENT_QUOTA_EXCEEDED otherwise. */
  async insert(row: Insertable<Database['attachments']>): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await attachmentsRepo.lockUploads(trx, row.uploaderId);
      const used = await attachmentsRepo.storedBytes(trx, row.uploaderId);
      if (used + Number(row.sizeBytes) > this.deps.quotaBytes)
        throw quotaExceeded(this.deps.quotaBytes, used);
      await attachmentsRepo.insertAttachment(trx, row);
    });
  }
}
