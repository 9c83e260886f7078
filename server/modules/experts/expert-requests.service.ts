import type { ExpertRequest, ExpertRequestStatus } from '../../../common/experts.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { toRequest } from './expert-requests.presenter.ts';
import { expertRequestsRepo } from './expert-requests.repo.ts';
import { profilesRepo } from './profiles.repo.ts';

const requestClosed = () =>
  conflict('EXPERT_REQUEST_CLOSED', 'Cette demande a déjà reçu une réponse ou a été annulée');

export type ExpertRequestsDeps = Pick<Platform, 'db' | 'clock' | 'events'> & { dossiers: DossiersService };

/**
 * A client asks an expert to take a dossier; the expert accepts or declines. The dossier moves through
 * DossiersService.transition (eligible → expert_pending → expert_assigned, or back to eligible), and the request
 * row is written in that same transaction.
 */
export class ExpertRequestsService extends Service<ExpertRequestsDeps> {
  constructor(deps: ExpertRequestsDeps) {
    super(deps);
    // The dossier left expert_pending some other way (cancelled by the client, moved by an admin), or an admin
    // replaced the expert: the open request is over, in the same transaction. Accept and decline close theirs
    // themselves, before this runs.
    this.deps.dossiers.onChange(async (trx, change) => {
      if (change.kind === 'status_changed' && change.event.from === 'expert_pending') {
        await expertRequestsRepo.cancelOpen(trx, change.event.dossierId, change.event.at);
      }
      if (change.kind === 'expert_assigned' && change.event.previousExpertId) {
        await expertRequestsRepo.cancelOpen(
          trx,
          change.event.dossierId,
          change.event.at,
          change.event.previousExpertId,
        );
      }
    });
  }

  private async get(id: string): Promise<ExpertRequest> {
    const row = await expertRequestsRepo.find(this.deps.db, id);
    if (!row) throw notFound('Demande');
    return toRequest(row);
  }

  async list(
    actor: AuthUser,
    query: { limit: number; cursor?: string; status?: ExpertRequestStatus },
  ): Promise<Page<ExpertRequest>> {
    if (actor.role === 'client' && !actor.companyId) throw forbidden();
    const rows = await expertRequestsRepo.list(this.deps.db, {
      expertId: actor.role === 'expert' ? actor.id : undefined,
      companyId: actor.role === 'client' ? actor.companyId! : undefined,
      status: query.status,
      beforeId: query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined,
      limit: fetchLimit(query.limit),
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map(toRequest), nextCursor };
  }

  /** The client asks an expert who handles the dossier's product and has capacity left. */
  async create(
    actor: AuthUser,
    dossierId: string,
    input: { expertId: string; message?: string },
  ): Promise<ExpertRequest> {
    if (actor.role !== 'client') throw forbidden('Seul le client choisit son expert');
    const dossier = await this.deps.dossiers.find(actor, dossierId);
    const expert = await profilesRepo.profile(this.deps.db, input.expertId);
    if (!expert?.listed)
      throw unprocessable('EXPERT_NOT_AVAILABLE', 'Cet expert n’existe pas ou n’est pas validé');
    if (!expert.specialties.includes(dossier.product.code)) {
      throw unprocessable(
        'EXPERT_PRODUCT_NOT_COVERED',
        `Cet expert ne traite pas les dossiers ${dossier.product.code}`,
      );
    }
    if (expert.activeLoad >= expert.capacity) {
      throw unprocessable('EXPERT_AT_CAPACITY', 'Cet expert n’a plus de disponibilité');
    }
    const at = this.deps.clock.now();
    const id = uuidv7(at.getTime());
    let companyId = '';
    await this.deps.dossiers.transition(
      actor,
      dossierId,
      { to: 'expert_pending', expertId: input.expertId },
      async (trx, d) => {
        companyId = d.companyId;
        await expertRequestsRepo.insert(trx, {
          id,
          dossierId,
          expertId: input.expertId,
          companyId: d.companyId,
          requestedBy: actor.id,
          status: 'requested',
          message: input.message ?? null,
          reason: null,
          createdAt: at,
          respondedAt: null,
        });
      },
      'expertRequest',
    );
    this.deps.events.publish('expert_request.created', {
      requestId: id,
      dossierId,
      expertId: input.expertId,
      companyId,
      actorId: actor.id,
      at,
    });
    return this.get(id);
  }

  /** The experts already asked to take the dossier (automatic assignment asks someone new). */
  expertsAskedFor(dossierId: string): Promise<string[]> {
    return expertRequestsRepo.expertsAskedFor(this.deps.db, dossierId);
  }

  /** The dossier's latest request (its expert, status, message), for the modules that tell the dossier's people. */
  latestOf(dossierId: string) {
    return expertRequestsRepo.latestOf(this.deps.db, dossierId);
  }

  /** The requested expert answers: accept assigns the dossier, decline (with a reason) frees it. */
  async respond(actor: AuthUser, id: string, answer: { accept: true } | { accept: false; reason: string }) {
    const request = await expertRequestsRepo.findForAnswer(this.deps.db, id);
    if (!request || (actor.role !== 'admin' && request.expertId !== actor.id)) throw notFound('Demande');
    if (request.status !== 'requested') {
      throw requestClosed();
    }
    const at = this.deps.clock.now();
    const status = answer.accept ? 'accepted' : 'declined';
    const reason = answer.accept ? null : answer.reason;
    await this.deps.dossiers.transition(
      actor,
      request.dossierId,
      answer.accept ? { to: 'expert_assigned' } : { to: 'eligible', reason: answer.reason },
      async (trx) => {
        if (!(await expertRequestsRepo.answer(trx, id, { status, reason, respondedAt: at }))) {
          throw requestClosed();
        }
      },
    );
    const base = {
      requestId: id,
      dossierId: request.dossierId,
      expertId: request.expertId,
      companyId: request.companyId,
      actorId: actor.id,
      at,
    };
    if (answer.accept) this.deps.events.publish('expert_request.accepted', base);
    else this.deps.events.publish('expert_request.declined', { ...base, reason: answer.reason });
    return this.get(id);
  }
}
