import type { z } from 'zod';
import {
  type createDocumentRequestInput,
  type DocumentRequest,
  type documentRequestListQuery,
  isDocumentCategory,
} from '../../../common/documents.ts';
import type { Dossier } from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { cursorKeys, decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { visibilityOf } from '../dossiers/dossiers.access.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { toDocumentRequest } from './document-requests.presenter.ts';
import { type DocumentRequestRow, documentRequestsRepo } from './document-requests.repo.ts';
import { mayManage, peopleOf } from './documents.access.ts';
import { isClosed } from './retention.ts';

type CreateInput = z.infer<typeof createDocumentRequestInput>;
type ListQuery = z.output<typeof documentRequestListQuery>;

/** Requests flagged overdue per statement: a backlog is worked through in bounded steps. */
const OVERDUE_BATCH = 500;

const parisOffset = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris',
  timeZoneName: 'longOffset',
});

/** How far Paris is ahead of UTC at `at` (ms). */
function parisOffsetMs(at: number): number {
  const name = parisOffset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

/** The last millisecond of a calendar day (YYYY-MM-DD) in Paris. */
export function endOfParisDay(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const nextMidnightUtc = Date.UTC(year, month - 1, day + 1);
  // Paris changes its clocks at 01:00 UTC, never around its midnight: the offset at UTC midnight is the one there.
  return new Date(nextMidnightUtc - parisOffsetMs(nextMidnightUtc) - 1);
}

const requestClosed = () =>
  conflict('DOCUMENT_REQUEST_CLOSED', 'Cette demande a déjà été satisfaite ou annulée');

export type DocumentRequestsDeps = Pick<Platform, 'db' | 'clock' | 'events'> & { dossiers: DossiersService };

/**
 * What the expert (or an admin) asks a dossier's client to hand over, with a note and a due date. The client answers
 * by uploading (DocumentsService.upload fulfils the request in its transaction); past its due date an open request
 * is flagged once and published as overdue (alerts and reminders subscribe).
 */
export class DocumentRequestsService extends Service<DocumentRequestsDeps> {
  async create(actor: Actor, dossierId: string, input: CreateInput): Promise<DocumentRequest> {
    const dossier = await this.requireRequester(actor, dossierId);
    if (isClosed(dossier.status)) {
      throw conflict(
        'DOCUMENT_DOSSIER_CLOSED',
        'Ce dossier est clos : aucun document ne peut y être demandé',
      );
    }
    if (!isDocumentCategory(input.category)) {
      throw unprocessable('DOCUMENT_CATEGORY_UNKNOWN', 'Catégorie de document inconnue');
    }
    const at = this.deps.clock.now();
    const dueAt = input.dueDate ? endOfParisDay(input.dueDate) : null;
    if (dueAt && dueAt < at) {
      throw new AppError(400, 'VALIDATION_ERROR', 'La date d’échéance est déjà passée', [
        { path: 'dueDate', message: 'Date passée' },
      ]);
    }
    const id = uuidv7(at.getTime());
    const note = input.note ?? null;
    await this.deps.db.transaction().execute(async (trx) => {
      await documentRequestsRepo.insert(trx, {
        id,
        dossierId,
        category: input.category,
        note,
        dueAt,
        status: 'open',
        documentId: null,
        requestedBy: actor.id,
        createdAt: at,
        updatedAt: at,
        closedAt: null,
        overdueNotifiedAt: null,
      });
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'document.requested',
        entityType: 'document_request',
        entityId: id,
        after: { dossierId, category: input.category, note, dueAt },
        at,
      });
    });
    this.deps.events.publish('document.requested', {
      requestId: id,
      dossierId,
      companyId: dossier.company.id,
      expertId: dossier.expert?.id ?? null,
      category: input.category,
      dueAt,
      note,
      actorId: actor.id,
      at,
    });
    return this.get(id);
  }

  /**
   * The requests a workflow step makes on entry, in the caller's transaction: one per category not already asked
   * for (an open request of that category stands). Returns the events to publish once that transaction commits.
   */
  async createWithin(
    trx: Executor,
    requesterId: string,
    dossier: { id: string; companyId: string; expertId: string | null; status: string },
    input: { categories: readonly string[]; dueAt: Date | null; note: string | null },
  ): Promise<DomainEvents['document.requested'][]> {
    if (isClosed(dossier.status)) return [];
    const asked = new Set(
      (await documentRequestsRepo.openCategories(trx, dossier.id)).map((r) => r.category),
    );
    const at = this.deps.clock.now();
    const events: DomainEvents['document.requested'][] = [];
    for (const category of input.categories) {
      if (asked.has(category) || !isDocumentCategory(category)) continue;
      asked.add(category);
      const id = uuidv7(at.getTime());
      const { dueAt, note } = input;
      await documentRequestsRepo.insert(trx, {
        id,
        dossierId: dossier.id,
        category,
        note,
        dueAt,
        status: 'open',
        documentId: null,
        requestedBy: requesterId,
        createdAt: at,
        updatedAt: at,
        closedAt: null,
        overdueNotifiedAt: null,
      });
      await recordAudit(trx, {
        actorId: requesterId,
        action: 'document.requested',
        entityType: 'document_request',
        entityId: id,
        after: { dossierId: dossier.id, category, note, dueAt, automatic: true },
        at,
      });
      const { companyId, expertId } = dossier;
      events.push({
        requestId: id,
        dossierId: dossier.id,
        companyId,
        expertId,
        category,
        dueAt,
        note,
        actorId: requesterId,
        at,
      });
    }
    return events;
  }

  async cancel(actor: Actor, id: string): Promise<DocumentRequest> {
    const request = await documentRequestsRepo.find(this.deps.db, id);
    if (!request) throw notFound('Demande de document');
    const dossier = await this.requireRequester(actor, request.dossierId);
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await documentRequestsRepo.cancel(trx, id, at))) throw requestClosed();
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'document.request_cancelled',
        entityType: 'document_request',
        entityId: id,
        before: { status: request.status },
        after: { status: 'cancelled' },
        at,
      });
    });
    this.deps.events.publish('document.request_cancelled', {
      requestId: id,
      dossierId: request.dossierId,
      companyId: dossier.company.id,
      expertId: dossier.expert?.id ?? null,
      category: request.category,
      dueAt: request.dueAt,
      actorId: actor.id,
      at,
    });
    return this.present({ ...request, status: 'cancelled', closedAt: at });
  }

  /** Whether the dossier has a request still open (a step of its expert then waits on its client). */
  hasOpen(dossierId: string): Promise<boolean> {
    return documentRequestsRepo.hasOpen(this.deps.db, dossierId);
  }

  /** What the reader may see: a client their company's requests ("what is asked of me"), an expert their dossiers'. */
  async list(reader: Actor, query: ListQuery): Promise<Page<DocumentRequest>> {
    const rows = await documentRequestsRepo.list(this.deps.db, {
      visibility: visibilityOf(reader),
      status: query.status,
      dossierId: query.dossierId,
      beforeId: query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined,
      limit: fetchLimit(query.limit),
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map((row) => this.present(row)), nextCursor };
  }

  /** Flags the open requests past due at `now` and publishes each once; how many there were. */
  async flagOverdue(now: Date): Promise<number> {
    let flagged = 0;
    for (;;) {
      const rows = await documentRequestsRepo.flagOverdue(this.deps.db, now, OVERDUE_BATCH);
      for (const row of rows) {
        this.deps.events.publish('document.request_overdue', {
          requestId: row.id,
          dossierId: row.dossierId,
          companyId: row.companyId,
          expertId: row.expertId,
          category: row.category,
          dueAt: row.dueAt,
          actorId: null,
          at: now,
        });
      }
      flagged += rows.length;
      if (rows.length < OVERDUE_BATCH) return flagged;
    }
  }

  private async get(id: string): Promise<DocumentRequest> {
    const row = await documentRequestsRepo.find(this.deps.db, id);
    if (!row) throw notFound('Demande de document');
    return this.present(row);
  }

  private present(row: DocumentRequestRow): DocumentRequest {
    return toDocumentRequest(row, this.deps.clock.now());
  }

  /** The dossier, when the actor may ask for its documents (someone who may not even see it gets a 404). */
  private async requireRequester(actor: Actor, dossierId: string): Promise<Dossier> {
    const dossier = await this.deps.dossiers.find(actor, dossierId);
    if (!mayManage(actor, peopleOf(dossier))) {
      throw forbidden('Seul l’expert du dossier ou un administrateur peut demander des documents');
    }
    return dossier;
  }
}
