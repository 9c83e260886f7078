import {
  allowedTransitions,
  assignableStatuses,
  closingStatuses,
  type Dossier,
  type DossierDetail,
  type DossierStatus,
  findTransition,
  progressPercent,
  type TransitionInput,
} from '../../../common/dossiers.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Db, Executor } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import type { Clock } from '../../platform/clock.ts';
import { decodeCursor, encodeCursor } from '../../platform/cursor.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { type DossierRow, dossiersRepo, type Visibility } from './dossiers.repo.ts';

export function toDossier(row: DossierRow): Dossier {
  const status = row.status as DossierStatus;
  return {
    id: row.id,
    reference: row.reference,
    status,
    progress: progressPercent(status),
    product: { code: row.productCode, name: row.productName },
    company: { id: row.companyId, name: row.companyName, region: row.companyRegion },
    expert: row.expertId
      ? { id: row.expertId, firstName: row.expertFirstName!, lastName: row.expertLastName! }
      : null,
    estimatedCents: row.estimatedCents,
    auditedCents: row.auditedCents,
    grantedCents: row.grantedCents,
    obtainedCents: row.obtainedCents,
    administrationReference: row.administrationReference,
    statusChangedAt: row.statusChangedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function visibilityOf(user: AuthUser): Visibility {
  if (user.role === 'admin') return 'all';
  if (user.role === 'expert') return { expertId: user.id };
  if (!user.companyId) throw forbidden();
  return { companyId: user.companyId };
}

function canSee(user: AuthUser, dossier: { companyId: string; expertId: string | null }): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'expert') return dossier.expertId === user.id;
  return dossier.companyId === user.companyId;
}

export type ListQuery = {
  limit: number;
  cursor?: string;
  status?: DossierStatus[];
  product?: string;
  expertId?: string;
  companyId?: string;
  q?: string;
};

type NewDossier = {
  companyId: string;
  productCode: string;
  estimatedCents: number | null;
  simulationId: string | null;
};

export class DossiersService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly users: UsersService;
  private readonly products: ProductsService;
  private readonly events: EventBus;
  constructor(deps: {
    db: Db;
    clock: Clock;
    users: UsersService;
    products: ProductsService;
    events: EventBus;
  }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.users = deps.users;
    this.products = deps.products;
    this.events = deps.events;
  }

  async list(user: AuthUser, query: ListQuery): Promise<Page<Dossier>> {
    const afterId = query.cursor ? String(decodeCursor(query.cursor)[0]) : undefined;
    const rows = await dossiersRepo.list(this.db, {
      visibility: visibilityOf(user),
      statuses: query.status,
      productCode: query.product,
      expertId: query.expertId,
      companyId: query.companyId,
      q: query.q,
      afterId,
      limit: query.limit,
    });
    const items = rows.slice(0, query.limit).map(toDossier);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
  }

  async summary(user: AuthUser) {
    const rows = await dossiersRepo.countByStatus(this.db, visibilityOf(user));
    return {
      byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.count)])),
      total: rows.reduce((s, r) => s + Number(r.count), 0),
      estimatedCents: rows.reduce((s, r) => s + Number(r.estimatedCents ?? 0), 0),
      obtainedCents: rows.reduce((s, r) => s + Number(r.obtainedCents ?? 0), 0),
    };
  }

  get(user: AuthUser, id: string): Promise<DossierDetail> {
    return this.detail(user, id, true);
  }

  /** The dossier without its timeline, for a check before another module's work (one query). */
  async find(user: AuthUser, id: string): Promise<Dossier> {
    return toDossier((await this.view(user, id, true)).row);
  }

  /** The dossier's row and whether `user` may see it; without `checkAccess`, returned even when they may not. */
  private async view(user: AuthUser, id: string, checkAccess: boolean) {
    const row = await dossiersRepo.findView(this.db, id);
    const visible = row ? canSee(user, row) : false;
    // Someone else's dossier answers as if it did not exist: no hint that the id is real.
    if (!row || (checkAccess && !visible)) throw notFound('Dossier');
    return { row, visible };
  }

  /**
   * The dossier as `user` sees it. After their own change, an actor gets the result even when the change took
   * the dossier out of their reach (an expert who declines).
   */
  private async detail(user: AuthUser, id: string, checkAccess: boolean): Promise<DossierDetail> {
    const { row, visible } = await this.view(user, id, checkAccess);
    const events = await dossiersRepo.timeline(this.db, id);
    const status = row.status as DossierStatus;
    const mayAct = visible && (user.role !== 'expert' || row.expertId === user.id);
    return {
      ...toDossier(row),
      timeline: events.map((e) => ({
        id: e.id,
        type: e.type,
        fromStatus: e.fromStatus as DossierStatus | null,
        toStatus: e.toStatus as DossierStatus | null,
        note: e.note,
        actor: e.actorId
          ? { id: e.actorId, name: `${e.actorFirstName} ${e.actorLastName}`, role: e.actorRole! }
          : null,
        createdAt: e.createdAt.toISOString(),
      })),
      allowedTransitions: mayAct
        ? allowedTransitions(status, user.role).map((t) => ({ to: t.to, requires: t.requires ?? null }))
        : [],
    };
  }

  /** Opens dossiers for a client company, in one transaction with the caller's other writes. */
  async createMany(trx: Executor, actor: AuthUser, dossiers: NewDossier[]): Promise<string[]> {
    const at = this.clock.now();
    const ids: string[] = [];
    for (const d of dossiers) {
      if (await dossiersRepo.hasOpenDossier(trx, d.companyId, d.productCode, closingStatuses)) {
        throw conflict('CONFLICT', `Un dossier ${d.productCode} est déjà en cours pour cette entreprise`);
      }
      const id = uuidv7(at.getTime());
      await dossiersRepo.insert(trx, {
        id,
        companyId: d.companyId,
        productCode: d.productCode,
        status: 'draft',
        expertId: null,
        estimatedCents: d.estimatedCents,
        auditedCents: null,
        grantedCents: null,
        obtainedCents: null,
        administrationReference: null,
        simulationId: d.simulationId,
        createdBy: actor.id,
        statusChangedAt: at,
        createdAt: at,
        updatedAt: at,
      });
      await this.recordEvent(trx, actor.id, id, { type: 'created', fromStatus: null, toStatus: 'draft' }, at);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'dossier.created',
        entityType: 'dossier',
        entityId: id,
        after: d,
        at,
      });
      ids.push(id);
    }
    return ids;
  }

  async create(actor: AuthUser, productCode: string, estimatedCents: number | null): Promise<DossierDetail> {
    if (!actor.companyId) throw forbidden('Seul un client peut ouvrir un dossier');
    const companyId = actor.companyId;
    await this.products.requireActive(productCode);
    const [id] = await this.db
      .transaction()
      .execute((trx) =>
        this.createMany(trx, actor, [{ companyId, productCode, estimatedCents, simulationId: null }]),
      );
    return this.get(actor, id!);
  }

  /**
   * The one way a dossier changes status: checks the lifecycle and the actor, records the event and the audit row.
   * `within` runs in the same transaction, after the change (another module's record of it, e.g. an expert request).
   */
  async transition(
    actor: AuthUser,
    id: string,
    input: TransitionInput,
    within?: (
      trx: Executor,
      dossier: { companyId: string; productCode: string; from: DossierStatus },
    ) => Promise<void>,
  ): Promise<DossierDetail> {
    const expert = input.expertId ? await this.users.requireActiveExpert(input.expertId) : null;
    const event = await this.db.transaction().execute(async (trx) => {
      const dossier = await dossiersRepo.lockForUpdate(trx, id);
      if (!dossier || !canSee(actor, dossier)) throw notFound('Dossier');
      const from = dossier.status as DossierStatus;
      const edge = findTransition(from, input.to);
      if (!edge) {
        throw new AppError(409, 'INVALID_TRANSITION', `Passage de « ${from} » à « ${input.to} » impossible`, {
          from,
          to: input.to,
          allowed: allowedTransitions(from, actor.role).map((t) => t.to),
        });
      }
      if (actor.role !== 'admin' && !edge.by.includes(actor.role as 'client' | 'expert')) {
        throw forbidden('Cette étape ne relève pas de votre rôle');
      }
      const changes: Record<string, unknown> = {};
      switch (edge.requires) {
        case 'reason':
          if (!input.reason) throw unprocessable('Un motif est obligatoire pour cette étape');
          break;
        case 'expert':
          if (!expert) throw unprocessable('Choisissez un expert');
          changes.expertId = expert.id;
          break;
        case 'auditedAmount':
          if (input.amountCents === undefined) throw unprocessable('Le montant audité est obligatoire');
          changes.auditedCents = input.amountCents;
          break;
        case 'grantedAmount':
          if (input.amountCents === undefined) throw unprocessable('Le montant accordé est obligatoire');
          changes.grantedCents = input.amountCents;
          break;
        case 'obtainedAmount':
          if (input.amountCents === undefined) throw unprocessable('Le montant obtenu est obligatoire');
          changes.obtainedCents = input.amountCents;
          break;
      }
      // An expert who declines leaves the dossier free for another one.
      if (from === 'expert_pending' && input.to === 'eligible') changes.expertId = null;
      if (input.reference) changes.administrationReference = input.reference;
      const at = this.clock.now();
      await dossiersRepo.update(trx, id, {
        ...changes,
        status: input.to,
        statusChangedAt: at,
        updatedAt: at,
      });
      await this.recordEvent(
        trx,
        actor.id,
        id,
        { type: 'status_changed', fromStatus: from, toStatus: input.to, note: input.reason ?? null },
        at,
      );
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'dossier.status_changed',
        entityType: 'dossier',
        entityId: id,
        before: { status: from, expertId: dossier.expertId },
        after: { status: input.to, ...changes },
        at,
      });
      await within?.(trx, { companyId: dossier.companyId, productCode: dossier.productCode, from });
      const expertId = 'expertId' in changes ? (changes.expertId as string | null) : dossier.expertId;
      return {
        dossierId: id,
        companyId: dossier.companyId,
        expertId,
        previousExpertId: dossier.expertId,
        from,
        to: input.to,
        actorId: actor.id,
        at,
      };
    });
    this.events.publish('dossier.status_changed', event);
    return this.detail(actor, id, false);
  }

  /** Admin: proposes an expert for an eligible dossier, or replaces the expert of a dossier under way. */
  async assign(admin: AuthUser, id: string, expertId: string): Promise<DossierDetail> {
    const expert = await this.users.requireActiveExpert(expertId);
    const current = await dossiersRepo.findView(this.db, id);
    if (!current) throw notFound('Dossier');
    if (current.status === 'eligible') return this.transition(admin, id, { to: 'expert_pending', expertId });
    const event = await this.db.transaction().execute(async (trx) => {
      const dossier = await dossiersRepo.lockForUpdate(trx, id);
      if (!dossier) throw notFound('Dossier');
      if (!assignableStatuses.includes(dossier.status as DossierStatus)) {
        throw new AppError(409, 'INVALID_TRANSITION', 'Ce dossier ne peut pas recevoir d’expert à ce stade', {
          status: dossier.status,
        });
      }
      if (dossier.expertId === expert.id) return null;
      const at = this.clock.now();
      await dossiersRepo.update(trx, id, { expertId: expert.id, updatedAt: at });
      await this.recordEvent(
        trx,
        admin.id,
        id,
        {
          type: 'expert_reassigned',
          fromStatus: null,
          toStatus: null,
          note: `${expert.firstName} ${expert.lastName}`,
        },
        at,
      );
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'dossier.expert_assigned',
        entityType: 'dossier',
        entityId: id,
        before: { expertId: dossier.expertId },
        after: { expertId: expert.id },
        at,
      });
      return {
        dossierId: id,
        companyId: dossier.companyId,
        expertId: expert.id,
        previousExpertId: dossier.expertId,
        actorId: admin.id,
        at,
      };
    });
    if (event) this.events.publish('dossier.expert_assigned', event);
    return this.get(admin, id);
  }

  private recordEvent(
    trx: Executor,
    actorId: string,
    dossierId: string,
    event: { type: string; fromStatus: string | null; toStatus: string | null; note?: string | null },
    at: Date,
  ) {
    return dossiersRepo.insertEvent(trx, {
      id: uuidv7(at.getTime()),
      dossierId,
      actorId,
      type: event.type,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note ?? null,
      createdAt: at,
    });
  }
}
