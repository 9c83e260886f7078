import type { z } from 'zod';
import {
  allowedTransitions,
  assignableStatuses,
  type Dossier,
  type DossierDetail,
  type DossierStatus,
  type dossierListQuery,
  findTransition,
  type TransitionInput,
} from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { UsersService } from '../users/users.service.ts';
import type { DossierChange, DossierChangeHook, TransitionOptions } from './dossier-changes.ts';
import { canSee, visibilityOf } from './dossiers.access.ts';
import { toDossier, toTimelineEvent } from './dossiers.presenter.ts';
import { dossiersRepo } from './dossiers.repo.ts';
import { requiredChanges } from './transition-requirements.ts';

export type ListQuery = z.output<typeof dossierListQuery>;

/** The unique violation of migration 008's index: another open dossier of this company and product. */
const isOpenDossierViolation = (error: unknown) => {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === 'dossiers_open_product_key';
};

type NewDossier = {
  companyId: string;
  productCode: string;
  estimatedCents: number | null;
  simulationId: string | null;
};

/** Who reads a dossier: someone who must be allowed to see it, or the actor of a change that just committed. */
type Viewer = 'reader' | 'actorAfterChange';

export type DossiersDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  users: UsersService;
  products: ProductsService;
};

export class DossiersService extends Service<DossiersDeps> {
  private readonly changeHooks: DossierChangeHook[] = [];

  async list(user: AuthUser, query: ListQuery): Promise<Page<Dossier>> {
    const afterId = query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined;
    const rows = await dossiersRepo.list(this.deps.db, {
      visibility: visibilityOf(user),
      statuses: query.status,
      productCode: query.product,
      expertId: query.expertId,
      companyId: query.companyId,
      q: query.q,
      region: query.region,
      openedFrom: query.openedFrom,
      openedTo: query.openedTo,
      unassigned: query.unassigned === '1',
      afterId,
      limit: query.limit,
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map(toDossier), nextCursor };
  }

  async summary(user: AuthUser) {
    const rows = await dossiersRepo.countByStatus(this.deps.db, visibilityOf(user));
    return {
      byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.count)])),
      total: rows.reduce((s, r) => s + Number(r.count), 0),
      estimatedCents: rows.reduce((s, r) => s + Number(r.estimatedCents ?? 0), 0),
      obtainedCents: rows.reduce((s, r) => s + Number(r.obtainedCents ?? 0), 0),
    };
  }

  get(user: AuthUser, id: string): Promise<DossierDetail> {
    return this.detail(user, id, 'reader');
  }

  /** The dossier without its timeline, for a check before another module's work (one query). */
  async find(user: Actor, id: string): Promise<Dossier> {
    return toDossier((await this.view(user, id, 'reader')).row);
  }

  /** The dossier without a viewer check, for the platform's own work about it (telling its people it changed). */
  async describe(id: string): Promise<Dossier | null> {
    const row = await dossiersRepo.findView(this.deps.db, id);
    return row ? toDossier(row) : null;
  }

  /**
   * The dossier's row and whether `user` may see it. A reader must be allowed to; an actor right after their own
   * change gets it even when the change took the dossier out of their reach (an expert who declines).
   */
  private async view(user: Actor, id: string, as: Viewer) {
    const row = await dossiersRepo.findView(this.deps.db, id);
    const visible = row ? canSee(user, row) : false;
    // Someone else's dossier answers as if it did not exist: no hint that the id is real.
    if (!row || (as === 'reader' && !visible)) throw notFound('Dossier');
    return { row, visible };
  }

  /** The dossier as `user` sees it, with its timeline and what they may do next. */
  private async detail(user: AuthUser, id: string, as: Viewer): Promise<DossierDetail> {
    const { row, visible } = await this.view(user, id, as);
    const events = await dossiersRepo.timeline(this.deps.db, id);
    const status = row.status as DossierStatus;
    const mayAct = visible && (user.role !== 'expert' || row.expertId === user.id);
    return {
      ...toDossier(row),
      timeline: events.map(toTimelineEvent),
      allowedTransitions: mayAct
        ? allowedTransitions(status, user.role).map((t) => ({ to: t.to, requires: t.requires ?? null }))
        : [],
    };
  }

  /** Opens dossiers for a client company, in one transaction with the caller's other writes. */
  async createMany(
    trx: Executor,
    actor: AuthUser,
    dossiers: NewDossier[],
  ): Promise<DomainEvents['dossier.created'][]> {
    const at = this.deps.clock.now();
    const created: DomainEvents['dossier.created'][] = [];
    for (const d of dossiers) {
      const id = uuidv7(at.getTime());
      // One open dossier per company and product: the unique index decides, even between concurrent creates.
      await dossiersRepo
        .insert(trx, {
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
        })
        .catch((error: unknown) => {
          throw isOpenDossierViolation(error)
            ? conflict(
                'DOSSIER_ALREADY_OPEN',
                `Un dossier ${d.productCode} est déjà en cours pour cette entreprise`,
              )
            : error;
        });
      await dossiersRepo.insertEvent(trx, {
        dossierId: id,
        actorId: actor.id,
        type: 'created',
        fromStatus: null,
        toStatus: 'draft',
        createdAt: at,
      });
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'dossier.created',
        entityType: 'dossier',
        entityId: id,
        after: d,
        at,
      });
      // One object for the hooks and the event: a hook's effects follow it after the commit (see onChange).
      const event = {
        dossierId: id,
        companyId: d.companyId,
        productCode: d.productCode,
        simulationId: d.simulationId,
        actorId: actor.id,
        at,
      };
      await this.runChangeHooks(trx, { kind: 'created', event });
      created.push(event);
    }
    return created;
  }

  /** After the commit of a `createMany`: the new dossiers go to their subscribers. */
  announceCreated(created: DomainEvents['dossier.created'][]): void {
    for (const event of created) this.deps.events.publish('dossier.created', event);
  }

  async create(actor: AuthUser, productCode: string, estimatedCents: number | null): Promise<DossierDetail> {
    if (!actor.companyId) throw forbidden('Seul un client peut ouvrir un dossier');
    const companyId = actor.companyId;
    await this.deps.products.requireActive(productCode);
    const created = await this.deps.db
      .transaction()
      .execute((trx) =>
        this.createMany(trx, actor, [{ companyId, productCode, estimatedCents, simulationId: null }]),
      );
    this.announceCreated(created);
    return this.get(actor, created[0]!.dossierId);
  }

  /**
   * The one way a dossier changes status: checks the lifecycle and the actor, records the event and the audit row.
   * `within` runs in the same transaction, after the change (another module's record of it, e.g. an expert request).
   * `via` names the flow calling, for the edges that only that flow may take (see `via` in common/dossiers.ts).
   */
  async transition(
    actor: AuthUser,
    id: string,
    input: TransitionInput,
    within?: TransitionOptions['within'],
    via?: TransitionOptions['via'],
  ): Promise<DossierDetail> {
    const expert = input.expertId ? await this.deps.users.requireActiveExpert(input.expertId) : null;
    const event = await this.deps.db
      .transaction()
      .execute((trx) => this.transitionWithin(trx, actor, id, input, { within, via, expert }));
    this.announceStatusChange(event);
    return this.detail(actor, id, 'actorAfterChange');
  }

  /** `transition` inside the caller's transaction; the caller then publishes it with `announceStatusChange`. */
  async transitionWithin(
    trx: Executor,
    actor: Actor,
    id: string,
    input: TransitionInput,
    options: TransitionOptions = {},
  ): Promise<DomainEvents['dossier.status_changed']> {
    const { within, via, expert = null } = options;
    const dossier = options.locked ?? (await dossiersRepo.lockForUpdate(trx, id));
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
    if (edge.via && edge.via !== via && actor.role !== 'admin') {
      throw new AppError(409, 'EXPERT_REQUEST_REQUIRED', 'Un expert se choisit par une demande d’expert', {
        use: 'POST /api/dossiers/:id/expert-requests',
      });
    }
    const changes = requiredChanges(edge.requires, input, expert);
    // An expert who declines leaves the dossier free for another one.
    if (from === 'expert_pending' && input.to === 'eligible') changes.expertId = null;
    if (input.reference) changes.administrationReference = input.reference;
    const at = this.deps.clock.now();
    await dossiersRepo.update(trx, id, {
      ...changes,
      status: input.to,
      statusChangedAt: at,
      updatedAt: at,
    });
    await dossiersRepo.insertEvent(trx, {
      dossierId: id,
      actorId: actor.id,
      type: 'status_changed',
      fromStatus: from,
      toStatus: input.to,
      note: input.reason ?? null,
      createdAt: at,
    });
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
    const change = {
      dossierId: id,
      companyId: dossier.companyId,
      expertId,
      previousExpertId: dossier.expertId,
      from,
      to: input.to,
      actorId: actor.id,
      at,
    };
    await this.runChangeHooks(trx, { kind: 'status_changed', event: change });
    return change;
  }

  /** After the commit of a `transitionWithin`: the change goes to its subscribers. */
  announceStatusChange(change: DomainEvents['dossier.status_changed']): void {
    this.deps.events.publish('dossier.status_changed', change);
  }

  /** Locks the dossier's row for the caller's transaction (a change that must not race its status), if visible. */
  async lockWithin(trx: Executor, actor: Actor, id: string) {
    const [dossier] = await this.lockAllWithin(trx, actor, [id]);
    if (!dossier) throw notFound('Dossier');
    return dossier;
  }

  /** Locks, for the caller's transaction, those of the dossiers `ids` that exist and are visible to `actor`. */
  async lockAllWithin(trx: Executor, actor: Actor, ids: readonly string[]) {
    return (await dossiersRepo.lockAllForUpdate(trx, ids)).filter((dossier) => canSee(actor, dossier));
  }

  /** Admin: proposes an expert for an eligible dossier, or replaces, for a reason, the expert of one under way. */
  async assign(admin: AuthUser, id: string, expertId: string, reason?: string): Promise<DossierDetail> {
    const expert = await this.deps.users.requireActiveExpert(expertId);
    const current = await dossiersRepo.findView(this.deps.db, id);
    if (!current) throw notFound('Dossier');
    if (current.status === 'eligible') return this.transition(admin, id, { to: 'expert_pending', expertId });
    const event = await this.deps.db.transaction().execute(async (trx) => {
      const dossier = await dossiersRepo.lockForUpdate(trx, id);
      if (!dossier) throw notFound('Dossier');
      if (!assignableStatuses.includes(dossier.status as DossierStatus)) {
        throw new AppError(409, 'INVALID_TRANSITION', 'Ce dossier ne peut pas recevoir d’expert à ce stade', {
          status: dossier.status,
        });
      }
      if (dossier.expertId === expert.id) return null;
      if (dossier.expertId && !reason) {
        throw unprocessable('REASON_REQUIRED', 'Un motif est obligatoire pour remplacer l’expert du dossier');
      }
      const at = this.deps.clock.now();
      await dossiersRepo.update(trx, id, { expertId: expert.id, updatedAt: at });
      await dossiersRepo.insertEvent(trx, {
        dossierId: id,
        actorId: admin.id,
        type: 'expert_reassigned',
        fromStatus: null,
        toStatus: null,
        note: `${expert.firstName} ${expert.lastName}`,
        createdAt: at,
      });
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'dossier.expert_assigned',
        entityType: 'dossier',
        entityId: id,
        before: { expertId: dossier.expertId },
        after: { expertId: expert.id, reason: reason ?? null },
        at,
      });
      const change = {
        dossierId: id,
        companyId: dossier.companyId,
        expertId: expert.id,
        previousExpertId: dossier.expertId,
        reason: reason ?? null,
        actorId: admin.id,
        at,
      };
      await this.runChangeHooks(trx, { kind: 'expert_assigned', event: change });
      return change;
    });
    if (event) this.deps.events.publish('dossier.expert_assigned', event);
    return this.get(admin, id);
  }

  /**
   * Work another module must do in the same transaction as every change of a dossier, so that its rows never
   * disagree with the dossier (an event handler runs after commit: a crash or a failure in between would leave them
   * stale). What may lag behind (sockets, notifications) subscribes to the domain events instead.
   */
  onChange(hook: DossierChangeHook): void {
    this.changeHooks.push(hook);
  }

  private async runChangeHooks(trx: Executor, change: DossierChange): Promise<void> {
    for (const hook of this.changeHooks) await hook(trx, change);
  }
}
