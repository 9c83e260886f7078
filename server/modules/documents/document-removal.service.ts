import type { Config } from '../../config.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, forbidden, unprocessable } from '../../platform/errors.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { DOCUMENTS_PREFIX } from './document-blob.ts';
import { requireReader } from './documents.access.ts';
import { type DocumentRow, documentsRepo } from './documents.repo.ts';
import { closedBefore, isClosed, isRetained, retainedUntil } from './retention.ts';

export type DocumentRemovalDeps = Pick<Platform, 'db' | 'clock' | 'events' | 'storage'> & {
  config: Pick<Config, 'documentRetentionYears'>;
};

/** Documents removed by the retention job per batch. */
const RETENTION_BATCH = 100;
/** Storage keys looked up in the database at once by the reconcile job. */
const RECONCILE_BATCH = 500;
/** A blob (or an unfinished write) this old without a version is left over from a crash or a failed upload. */
export const ORPHAN_AGE_MS = 3_600_000;

const closureOf = (d: DocumentRow) => ({
  status: d.dossierStatus,
  statusChangedAt: d.dossierStatusChangedAt,
});

/**
 * Deleting documents under the retention rules, and keeping the store in line with the database: a deleted
 * document's blobs are really removed, and blobs no version points at are found and removed.
 */
export class DocumentRemovalService extends Service<DocumentRemovalDeps> {
  /**
   * A closed dossier's documents are kept until the end of the retention period: before that only an admin, with a
   * reason, may delete one. An admin may delete any other document; a client only a document of their own upload,
   * none of whose versions was reviewed, while the dossier is open; an expert none.
   */
  async delete(actor: Actor, documentId: string, reason: string | undefined): Promise<void> {
    const { keys, event } = await this.deps.db.transaction().execute(async (trx) => {
      const document = await documentsRepo.lock(trx, documentId);
      requireReader(actor, document);
      await this.checkMayDelete(trx, actor, document, reason);
      const at = this.deps.clock.now();
      return {
        keys: await this.remove(trx, document, actor.id, reason ?? null, at),
        event: eventOf(document, actor.id, reason ?? null, at),
      };
    });
    await this.removeBlobs(keys);
    this.deps.events.publish('document.deleted', event);
  }

  private async checkMayDelete(
    trx: Executor,
    actor: Actor,
    document: DocumentRow,
    reason: string | undefined,
  ) {
    const years = this.deps.config.documentRetentionYears;
    const retained = isRetained(closureOf(document), years, this.deps.clock.now());
    const until = retainedUntil(closureOf(document), years)?.toISOString();
    if (actor.role === 'admin') {
      if (retained && !reason) {
        throw unprocessable(
          'REASON_REQUIRED',
          'Un motif est obligatoire pour supprimer un document conservé',
          {
            retainedUntil: until,
          },
        );
      }
      return;
    }
    if (actor.role === 'expert') throw forbidden('Un expert ne supprime pas les documents du client');
    if (retained) {
      throw new AppError(
        409,
        'DOCUMENT_RETAINED',
        'Ce document est conservé pendant la durée légale après la clôture du dossier',
        { retainedUntil: until },
      );
    }
    const versions = await documentsRepo.versionsOf(trx, [document.id]);
    const ownPending = versions.every((v) => v.uploadedBy === actor.id && v.reviewStatus === 'pending');
    if (isClosed(document.dossierStatus) || !ownPending) {
      throw forbidden('Vous ne pouvez supprimer que vos propres dépôts en attente, dossier ouvert');
    }
  }

  /**
   * Daily: the documents of dossiers closed longer than the retention period are deleted with their blobs, audited
   * as the platform's own act. Returns how many.
   */
  async purgePastRetention(): Promise<number> {
    const years = this.deps.config.documentRetentionYears;
    const now = this.deps.clock.now();
    let removed = 0;
    let afterId: string | undefined;
    for (;;) {
      const batch = await documentsRepo.pastRetention(
        this.deps.db,
        closedBefore(now, years),
        RETENTION_BATCH,
        afterId,
      );
      for (const { id } of batch) {
        const removal = await this.deps.db.transaction().execute(async (trx) => {
          const document = await documentsRepo.lock(trx, id);
          // Gone meanwhile, or its dossier reopened: nothing to do.
          if (!document || !isClosed(document.dossierStatus) || isRetained(closureOf(document), years, now)) {
            return null;
          }
          return {
            keys: await this.remove(trx, document, null, 'retention', now),
            event: eventOf(document, null, 'retention', now),
          };
        });
        if (!removal) continue;
        await this.removeBlobs(removal.keys);
        this.deps.events.publish('document.deleted', removal.event);
        removed += 1;
      }
      if (batch.length < RETENTION_BATCH) return removed;
      afterId = batch.at(-1)!.id;
    }
  }

  /**
   * Hourly: blobs under `documents/` older than an hour that no version points at (an upload that failed between
   * the store and the database, a crash) are removed, and so are unfinished writes of that age.
   */
  async reconcileBlobs(): Promise<{ orphans: number; incomplete: number }> {
    const olderThan = new Date(this.deps.clock.now().getTime() - ORPHAN_AGE_MS);
    let orphans = 0;
    let batch: string[] = [];
    const sweep = async () => {
      const known = await documentsRepo.knownKeys(this.deps.db, batch);
      const unknown = batch.filter((key) => !known.has(key));
      await this.removeBlobs(unknown);
      orphans += unknown.length;
      batch = [];
    };
    for await (const key of this.deps.storage.list(DOCUMENTS_PREFIX, olderThan)) {
      batch.push(key);
      if (batch.length >= RECONCILE_BATCH) await sweep();
    }
    await sweep();
    const incomplete = await this.deps.storage.abandonIncomplete(olderThan);
    return { orphans, incomplete };
  }

  /** Deletes the rows and audits; returns the storage keys whose blobs go once the transaction commits. */
  private async remove(
    trx: Executor,
    document: DocumentRow,
    actorId: string | null,
    reason: string | null,
    at: Date,
  ) {
    const keys = await documentsRepo.delete(trx, document.id);
    await recordAudit(trx, {
      actorId,
      action: 'document.deleted',
      entityType: 'document',
      entityId: document.id,
      before: {
        dossierId: document.dossierId,
        category: document.category,
        title: document.title,
        versions: keys.length,
      },
      after: { reason },
      at,
    });
    return keys;
  }

  private async removeBlobs(keys: readonly string[]) {
    for (const key of keys) await this.deps.storage.delete(key);
  }
}

function eventOf(
  document: DocumentRow,
  actorId: string | null,
  reason: string | null,
  at: Date,
): DomainEvents['document.deleted'] {
  return {
    documentId: document.id,
    dossierId: document.dossierId,
    companyId: document.companyId,
    expertId: document.expertId,
    category: document.category,
    actorId,
    at,
    reason,
  };
}
