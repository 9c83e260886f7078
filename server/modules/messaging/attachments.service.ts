import { uuidv7 } from '../../../common/ids.ts';
import { attachmentMimeTypes } from '../../../common/messaging.ts';
import type { Actor } from '../../platform/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { detectFileType, sanitizeFilename } from '../../platform/files.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { AttachmentQuota } from './attachment-quota.ts';
import { type AttachmentRow, attachmentsRepo as repo } from './attachments.repo.ts';
import { conversationsRepo } from './conversations.repo.ts';
import { toAttachment } from './messaging.presenter.ts';
import type { Participation } from './participation.ts';

export type AttachmentsDeps = Pick<Platform, 'db' | 'clock' | 'storage'> & {
  participation: Participation;
  attachmentMaxBytes: number;
  /** Attachments a user may keep stored, in bytes. */
  attachmentQuotaBytes: number;
};

/** Files sent in conversations: uploaded first, carried by a message later, downloaded by its participants. */
export class AttachmentsService extends Service<AttachmentsDeps> {
  private readonly quota: AttachmentQuota;

  constructor(deps: AttachmentsDeps) {
    super(deps);
    this.quota = new AttachmentQuota({ db: deps.db, quotaBytes: deps.attachmentQuotaBytes });
  }

  /**
   * Streams an upload to storage, checking size as it goes and type by content; the attachment waits, bound to
   * nothing, until a message carries it.
   */
  async upload(
    user: Actor,
    conversationId: string,
    file: { filename: string; stream: AsyncIterable<Uint8Array> },
  ) {
    await this.deps.participation.require(user, conversationId);
    await this.quota.ensureRoom(user.id);
    const filename = sanitizeFilename(file.filename);
    const detected = { mime: '' };
    const stored = await this.deps.storage.put(
      detectFileType(file.stream, filename, detected, attachmentMimeTypes),
      {
        maxBytes: this.deps.attachmentMaxBytes,
        prefix: 'attachments',
      },
    );
    const at = this.deps.clock.now();
    const row: AttachmentRow = {
      id: uuidv7(at.getTime()),
      conversationId,
      messageId: null,
      uploaderId: user.id,
      storageKey: stored.key,
      filename,
      mimeType: detected.mime,
      sizeBytes: stored.size,
      createdAt: at,
    };
    try {
      await this.quota.insert(row);
    } catch (error) {
      await this.deps.storage.delete(stored.key);
      throw error;
    }
    return toAttachment(row);
  }

  /** Removes uploads that no message carried (abandoned drafts) created before `olderThan`, with their files. */
  async purgeUnsentAttachments(olderThan: Date): Promise<number> {
    const rows = await repo.deleteUnsent(this.deps.db, olderThan);
    for (const row of rows) await this.deps.storage.delete(row.storageKey);
    return rows.length;
  }

  /** The file, for participants of its conversation; an upload not yet sent is its uploader's only. */
  async download(user: Actor, attachmentId: string) {
    const row = await repo.findAttachment(this.deps.db, attachmentId);
    if (!row || row.messageDeletedAt) throw notFound('Pièce jointe');
    const participant = await conversationsRepo.findParticipant(this.deps.db, row.conversationId, user.id);
    if (!participant || (row.messageId === null && row.uploaderId !== user.id))
      throw notFound('Pièce jointe');
    const blob = await this.deps.storage.get(row.storageKey);
    return { attachment: toAttachment(row), ...blob };
  }
}
