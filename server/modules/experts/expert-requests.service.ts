import type { ExpertRequest, ExpertRequestStatus } from '../../../common/experts.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Db, Executor } from '../../db/pool.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import type { Clock } from '../../platform/clock.ts';
import { cursorKeys, decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { expertsRepo } from './experts.repo.ts';

const requestView = (db: Executor) =>
  db
    .selectFrom('expertRequests as r')
    .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
    .innerJoin('users as e', 'e.id', 'r.expertId')
    .innerJoin('companies as c', 'c.id', 'r.companyId')
    .select([
      'r.id',
      'r.status',
      'r.dossierId',
      'r.expertId',
      'r.companyId',
      'r.message',
      'r.reason',
      'r.createdAt',
      'r.respondedAt',
      'd.reference',
      'd.productCode',
      'd.status as dossierStatus',
      'e.firstName',
      'e.lastName',
      'c.name as companyName',
      'c.region as companyRegion',
    ]);
type RequestRow = NonNullable<Awaited<ReturnType<ReturnType<typeof requestView>['executeTakeFirst']>>>;

function toRequest(r: RequestRow): ExpertRequest {
  return {
    id: r.id,
    status: r.status,
    dossier: { id: r.dossierId, reference: r.reference, productCode: r.productCode, status: r.dossierStatus },
    expert: { id: r.expertId, firstName: r.firstName, lastName: r.lastName },
    company: { id: r.companyId, name: r.companyName, region: r.companyRegion },
    message: r.message,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    respondedAt: r.respondedAt ? r.respondedAt.toISOString() : null,
  };
}

const requestClosed = () =>
  conflict('EXPERT_REQUEST_CLOSED', 'Cette demande a déjà reçu une réponse ou a été annulée');

/** Closes a dossier's open requests (of one expert, or all), in the caller's transaction. */
function cancelOpenRequests(trx: Executor, dossierId: string, at: Date, expertId?: string) {
  let q = trx
    .updateTable('expertRequests')
    .set({ status: 'cancelled', respondedAt: at })
    .where('dossierId', '=', dossierId)
    .where('status', '=', 'requested');
  if (expertId) q = q.where('expertId', '=', expertId);
  return q.execute();
}

/**
 * A client asks an expert to take a dossier; the expert accepts or declines. The dossier moves through
 * DossiersService.transition (eligible → expert_pending → expert_assigned, or back to eligible), and the request
 * row is written in that same transaction.
 */
export class ExpertRequestsService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly events: EventBus;
  private readonly dossiers: DossiersService;
  constructor(deps: { db: Db; clock: Clock; events: EventBus; dossiers: DossiersService }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.events = deps.events;
    this.dossiers = deps.dossiers;
    // The dossier left expert_pending some other way (cancelled by the client, moved by an admin), or an admin
    // replaced the expert: the open request is over, in the same transaction. Accept and decline close theirs
    // themselves, before this runs.
    this.dossiers.onChange(async (trx, change) => {
      if (change.kind === 'status_changed' && change.event.from === 'expert_pending') {
        await cancelOpenRequests(trx, change.event.dossierId, change.event.at);
      }
      if (change.kind === 'expert_assigned' && change.event.previousExpertId) {
        await cancelOpenRequests(trx, change.event.dossierId, change.event.at, change.event.previousExpertId);
      }
    });
  }

  private async get(id: string): Promise<ExpertRequest> {
    const row = await requestView(this.db).where('r.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Demande');
    return toRequest(row);
  }

  async list(
    actor: AuthUser,
    query: { limit: number; cursor?: string; status?: ExpertRequestStatus },
  ): Promise<Page<ExpertRequest>> {
    let q = requestView(this.db);
    if (actor.role === 'expert') q = q.where('r.expertId', '=', actor.id);
    else if (actor.role === 'client') {
      if (!actor.companyId) throw forbidden();
      q = q.where('r.companyId', '=', actor.companyId);
    }
    if (query.status) q = q.where('r.status', '=', query.status);
    if (query.cursor) q = q.where('r.id', '<', decodeCursor(query.cursor, cursorKeys.id)[0]);
    const rows = await q.orderBy('r.id', 'desc').limit(fetchLimit(query.limit)).execute();
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
    const dossier = await this.dossiers.find(actor, dossierId);
    const expert = await expertsRepo.profile(this.db, input.expertId);
    if (!expert?.listed) throw unprocessable('Cet expert n’existe pas ou n’est pas validé');
    if (!expert.specialties.includes(dossier.product.code)) {
      throw unprocessable(`Cet expert ne traite pas les dossiers ${dossier.product.code}`);
    }
    if (expert.activeLoad >= expert.capacity) throw unprocessable('Cet expert n’a plus de disponibilité');
    const at = this.clock.now();
    const id = uuidv7(at.getTime());
    let companyId = '';
    await this.dossiers.transition(
      actor,
      dossierId,
      { to: 'expert_pending', expertId: input.expertId },
      async (trx, d) => {
        companyId = d.companyId;
        await trx
          .insertInto('expertRequests')
          .values({
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
          })
          .execute();
      },
      'expertRequest',
    );
    this.events.publish('expert_request.created', {
      requestId: id,
      dossierId,
      expertId: input.expertId,
      companyId,
      actorId: actor.id,
      at,
    });
    return this.get(id);
  }

  /** The requested expert answers: accept assigns the dossier, decline (with a reason) frees it. */
  async respond(actor: AuthUser, id: string, answer: { accept: true } | { accept: false; reason: string }) {
    const request = await this.db
      .selectFrom('expertRequests')
      .select(['id', 'dossierId', 'expertId', 'companyId', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!request || (actor.role !== 'admin' && request.expertId !== actor.id)) throw notFound('Demande');
    if (request.status !== 'requested') {
      throw requestClosed();
    }
    const at = this.clock.now();
    const status = answer.accept ? 'accepted' : 'declined';
    const reason = answer.accept ? null : answer.reason;
    await this.dossiers.transition(
      actor,
      request.dossierId,
      answer.accept ? { to: 'expert_assigned' } : { to: 'eligible', reason: answer.reason },
      async (trx) => {
        const updated = await trx
          .updateTable('expertRequests')
          .set({ status, reason, respondedAt: at })
          .where('id', '=', id)
          .where('status', '=', 'requested')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) {
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
    if (answer.accept) this.events.publish('expert_request.accepted', base);
    else this.events.publish('expert_request.declined', { ...base, reason: answer.reason });
    return this.get(id);
  }
}
