import type {
  DocumentDetail,
  DossierDocuments,
  ReviewInput,
  UploadFields,
} from '../../../common/documents.ts';
import type { Dossier } from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { sanitizeFilename } from '../../platform/files.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { buildChecklist } from './checklist.ts';
import { type CheckedBlob, storeDocumentBlob } from './document-blob.ts';
import { toDocumentRequest } from './document-requests.presenter.ts';
import { documentRequestsRepo } from './document-requests.repo.ts';
import { peopleOf, permissionsOn, requireManager, requireReader } from './documents.access.ts';
import { toDocumentDetail, toDocumentSummary, versionsByDocument } from './documents.presenter.ts';
import { documentsRepo } from './documents.repo.ts';
import { isClosed } from './retention.ts';

export type DocumentsDeps = Pick<Platform, 'db' | 'clock' | 'events' | 'storage'> & {
  dossiers: DossiersService;
  products: Pick<ProductsService, 'listActive'>;
  config: Pick<Config, 'documentMaxBytes' | 'documentRetentionYears'>;
};

type UploadedFile = { filename: string; stream: AsyncIterable<Uint8Array> };
type Uploaded = {
  documentId: string;
  uploaded: DomainEvents['document.uploaded'];
  fulfilled: DomainEvents['document.request_fulfilled'] | null;
};

/** A dossier's documents: their versions, uploaded by its people, reviewed by its expert or an admin. */
export class DocumentsService extends Service<DocumentsDeps> {
  /**
   * Checks access (a client of the dossier's company, its expert, an admin; the dossier not closed), streams the
   * file into the store while checking it (type by its bytes, size, not empty) and hashing it, refuses a file
   * already in the dossier, then in one transaction adds the version (and the document unless `documentId` names
   * one: the new version keeps that document's category), makes it current, fulfils `requestId` and audits. Events
   * go out after the commit.
   */
  async upload(
    actor: Actor,
    dossierId: string,
    fields: UploadFields,
    file: UploadedFile,
  ): Promise<DocumentDetail> {
    const dossier = await this.openDossierFor(actor, dossierId);
    if (fields.documentId) {
      // Before the bytes are read: a wrong document is refused at once, not after a long upload.
      const target = await documentsRepo.find(this.deps.db, fields.documentId);
      if (target?.dossierId !== dossierId) throw notFound('Document');
    }
    const filename = sanitizeFilename(file.filename);
    const blob = await storeDocumentBlob(
      this.deps.storage,
      { filename, stream: file.stream },
      this.deps.config.documentMaxBytes,
    );
    let done: Uploaded;
    try {
      done = await this.deps.db
        .transaction()
        .execute((trx) => this.record(trx, actor, dossier, fields, filename, blob));
    } catch (error) {
      // Nothing refers to the blob: remove it now (the reconcile job would, an hour later, if this fails).
      await this.deps.storage.delete(blob.key).catch(() => {});
      throw error;
    }
    // The answer's reads are sent before the subscribers' work queues on the pool.
    const detail = this.detailOf(done.documentId);
    this.deps.events.publish('document.uploaded', done.uploaded);
    if (done.fulfilled) this.deps.events.publish('document.request_fulfilled', done.fulfilled);
    return detail;
  }

  private async record(
    trx: Executor,
    actor: Actor,
    dossier: Dossier,
    fields: UploadFields,
    filename: string,
    blob: CheckedBlob,
  ): Promise<Uploaded> {
    await documentsRepo.serializeDossierUploads(trx, dossier.id);
    const duplicate = await documentsRepo.findByHash(trx, dossier.id, blob.sha256);
    if (duplicate) {
      throw new AppError(409, 'DOCUMENT_DUPLICATE', 'Ce fichier est déjà dans le dossier', {
        documentId: duplicate.documentId,
        version: duplicate.version,
        category: duplicate.category,
      });
    }
    const at = this.deps.clock.now();
    const versionId = uuidv7(at.getTime());
    let documentId: string;
    let category: string;
    let version = 1;
    if (fields.documentId) {
      const document = await documentsRepo.lock(trx, fields.documentId);
      if (document?.dossierId !== dossier.id) throw notFound('Document');
      ({ id: documentId, category } = document);
      version = (await documentsRepo.lastVersionNumber(trx, documentId)) + 1;
    } else {
      documentId = uuidv7(at.getTime());
      category = fields.category;
      // The current version is set before it exists: the constraint is checked at commit.
      await documentsRepo.insertDocument(trx, {
        id: documentId,
        dossierId: dossier.id,
        category,
        title: filename,
        currentVersionId: versionId,
        status: 'pending',
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      });
    }
    await documentsRepo.insertVersion(trx, {
      id: versionId,
      documentId,
      dossierId: dossier.id,
      version,
      storageKey: blob.key,
      filename,
      mimeType: blob.mimeType,
      sizeBytes: blob.size,
      sha256: blob.sha256,
      encrypted: blob.encrypted,
      comment: fields.comment ?? null,
      uploadedBy: actor.id,
      createdAt: at,
    });
    if (version > 1) {
      await documentsRepo.updateDocument(trx, documentId, {
        currentVersionId: versionId,
        status: 'pending',
        updatedAt: at,
      });
    }
    const request = fields.requestId
      ? await documentRequestsRepo.fulfil(trx, fields.requestId, dossier.id, documentId, at)
      : null;
    if (request === undefined) {
      throw conflict('DOCUMENT_REQUEST_CLOSED', 'Cette demande a déjà été satisfaite ou annulée');
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'document.uploaded',
      entityType: 'document',
      entityId: documentId,
      after: {
        versionId,
        version,
        filename,
        sha256: blob.sha256,
        sizeBytes: blob.size,
        requestId: request?.id,
      },
      at,
    });
    const about = {
      dossierId: dossier.id,
      companyId: dossier.company.id,
      expertId: dossier.expert?.id ?? null,
      actorId: actor.id,
      at,
    };
    return {
      documentId,
      uploaded: { ...about, documentId, versionId, category, version, requestId: request?.id ?? null },
      fulfilled: request
        ? { ...about, requestId: request.id, category: request.category, dueAt: request.dueAt, documentId }
        : null,
    };
  }

  async get(actor: Actor, documentId: string): Promise<DocumentDetail> {
    const document = await documentsRepo.find(this.deps.db, documentId);
    requireReader(actor, document);
    const versions = await documentsRepo.versionsOf(this.deps.db, [documentId]);
    return toDocumentDetail(document, versions, this.deps.config.documentRetentionYears);
  }

  /** Everything the dossier's documents panel shows: checklist, documents, requests, and what the caller may do. */
  async ofDossier(actor: Actor, dossierId: string): Promise<DossierDocuments> {
    const { dossier, people } = await this.dossierFor(actor, dossierId);
    const { db } = this.deps;
    const [rows, requestRows, products] = await Promise.all([
      documentsRepo.ofDossier(db, dossierId),
      documentRequestsRepo.listForDossier(db, dossierId),
      this.deps.products.listActive(),
    ]);
    const versions = versionsByDocument(
      await documentsRepo.versionsOf(
        db,
        rows.map((r) => r.id),
      ),
    );
    const years = this.deps.config.documentRetentionYears;
    const documents = rows.map((r) => toDocumentSummary(r, versions.get(r.id) ?? [], years));
    const now = this.deps.clock.now();
    const requests = requestRows.map((r) => toDocumentRequest(r, now));
    const required = products.find((p) => p.code === dossier.product.code)?.documentCategories ?? [];
    return {
      checklist: buildChecklist(required, documents, requests),
      documents,
      requests,
      can: permissionsOn(actor, people),
    };
  }

  /** The categories of the dossier with an approved document, read in the caller's transaction (workflow guards). */
  async approvedCategories(db: Executor, dossierId: string): Promise<Set<string>> {
    return new Set((await documentsRepo.approvedCategories(db, dossierId)).map((r) => r.category));
  }

  /** Approves or rejects the current version while it is pending: the dossier's expert or an admin. */
  async review(
    actor: Actor,
    documentId: string,
    versionId: string,
    input: ReviewInput,
  ): Promise<DocumentDetail> {
    const event = await this.deps.db.transaction().execute(async (trx) => {
      const document = await documentsRepo.lock(trx, documentId);
      requireManager(
        actor,
        document,
        'Seuls l’expert du dossier et les administrateurs valident les documents',
      );
      const version = await documentsRepo.findVersion(trx, documentId, versionId);
      if (!version) throw notFound('Version');
      if (document.currentVersionId !== versionId || version.reviewStatus !== 'pending') {
        throw new AppError(
          409,
          'DOCUMENT_NOT_REVIEWABLE',
          'Seule la version en cours, en attente de validation, peut être validée ou refusée',
          { currentVersionId: document.currentVersionId, reviewStatus: version.reviewStatus },
        );
      }
      const at = this.deps.clock.now();
      const reason = input.decision === 'rejected' ? input.reason : null;
      await documentsRepo.updateVersion(trx, versionId, {
        reviewStatus: input.decision,
        reviewedBy: actor.id,
        reviewedAt: at,
        reviewReason: reason,
      });
      await documentsRepo.updateDocument(trx, documentId, { status: input.decision, updatedAt: at });
      await recordAudit(trx, {
        actorId: actor.id,
        action: `document.${input.decision}`,
        entityType: 'document',
        entityId: documentId,
        before: { versionId, reviewStatus: 'pending' },
        after: { versionId, reviewStatus: input.decision, reason },
        at,
      });
      return {
        documentId,
        versionId,
        dossierId: document.dossierId,
        companyId: document.companyId,
        expertId: document.expertId,
        category: document.category,
        actorId: actor.id,
        at,
      };
    });
    if (input.decision === 'approved') this.deps.events.publish('document.approved', event);
    else this.deps.events.publish('document.rejected', { ...event, reason: input.reason });
    return this.detailOf(documentId);
  }

  /** The dossier, when `actor` may read its documents (404 otherwise). */
  private async dossierFor(actor: Actor, dossierId: string) {
    const dossier = await this.deps.dossiers.describe(dossierId);
    const people = dossier ? peopleOf(dossier) : undefined;
    requireReader(actor, people, 'Dossier');
    return { dossier: dossier!, people };
  }

  /** The dossier `actor` may upload to: one they can see, not closed. */
  private async openDossierFor(actor: Actor, dossierId: string): Promise<Dossier> {
    const { dossier } = await this.dossierFor(actor, dossierId);
    if (isClosed(dossier.status)) {
      throw conflict('DOCUMENT_DOSSIER_CLOSED', 'Ce dossier est clos : il ne reçoit plus de documents');
    }
    return dossier;
  }

  /** The document as it stands, for the actor of a change that just committed. */
  private async detailOf(documentId: string): Promise<DocumentDetail> {
    const [document, versions] = await Promise.all([
      documentsRepo.find(this.deps.db, documentId),
      documentsRepo.versionsOf(this.deps.db, [documentId]),
    ]);
    if (!document) throw notFound('Document');
    return toDocumentDetail(document, versions, this.deps.config.documentRetentionYears);
  }
}
