import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type {
  Alert,
  AlertCounts,
  alertListQuery,
  resolveAlertInput,
  snoozeAlertInput,
} from '../../../common/alerts.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import type { AlertSeverity, AlertType } from '../../../common/workflows.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { cursorKeys, decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { alertEventOf, alertUpdateOf, toAlert } from './alerts.presenter.ts';
import { type AlertEventRow, type AlertVisibility, alertsRepo } from './alerts.repo.ts';

type ListQuery = z.output<typeof alertListQuery>;

/** An alert raised by an event rather than by the SLA sweep (documents overdue, nobody to assign). */
export type NewAlert = {
  type: AlertType;
  severity: AlertSeverity;
  /** Names the cause once: raising it again does nothing. */
  dedupeKey: string;
  dossierId: string | null;
  /** The expert it is for; null: the admins' queue. */
  assigneeId: string | null;
  data: Record<string, unknown>;
};

export type AlertsDeps = Pick<Platform, 'db' | 'clock' | 'events'>;

const overdueKey = (requestId: string) => `documents_overdue:${requestId}`;

/** Whose alerts a reader handles: an expert the ones assigned to them, an admin all; clients none. */
function visibilityOf(reader: Actor): AlertVisibility {
  if (reader.role === 'admin') return 'all';
  if (reader.role === 'expert') return { assigneeId: reader.id };
  throw forbidden('Les alertes sont réservées aux experts et aux administrateurs');
}

/**
 * The alert centre: lists and counts of the reader's alerts, and what they do with one (acknowledge, resolve with a
 * note, snooze until a time). Alerts also resolve themselves when their cause goes away (`followCauses`).
 */
export class AlertsService extends Service<AlertsDeps> {
  async list(reader: Actor, query: ListQuery): Promise<Page<Alert>> {
    const rows = await alertsRepo.list(this.deps.db, {
      visibility: visibilityOf(reader),
      severities: query.severity,
      types: query.type,
      states: query.state ?? ['open', 'acknowledged', 'snoozed'],
      dossierId: query.dossierId,
      assigneeId: query.assigneeId,
      before: query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined,
      limit: fetchLimit(query.limit),
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [
      last.createdAt.toISOString(),
      last.id,
    ]);
    return { items: items.map(toAlert), nextCursor };
  }

  async counts(reader: Actor): Promise<AlertCounts> {
    const rows = await alertsRepo.counts(this.deps.db, visibilityOf(reader));
    return {
      open: rows.reduce((sum, r) => sum + Number(r.count), 0),
      bySeverity: Object.fromEntries(rows.map((r) => [r.severity, Number(r.count)])),
    };
  }

  async acknowledge(actor: Actor, id: string): Promise<Alert> {
    return this.change(actor, id, 'alert.acknowledged', (row, at) =>
      row.state === 'acknowledged'
        ? null
        : { state: 'acknowledged', acknowledgedBy: actor.id, acknowledgedAt: at, snoozedUntil: null },
    );
  }

  async resolve(actor: Actor, id: string, input: z.output<typeof resolveAlertInput>): Promise<Alert> {
    return this.change(actor, id, 'alert.resolved', (_row, at) => ({
      state: 'resolved',
      resolvedBy: actor.id,
      resolvedAt: at,
      resolutionNote: input.note,
      snoozedUntil: null,
    }));
  }

  async snooze(actor: Actor, id: string, input: z.output<typeof snoozeAlertInput>): Promise<Alert> {
    const until = new Date(input.until);
    if (until <= this.deps.clock.now()) {
      throw unprocessable('SNOOZE_IN_PAST', 'La date de rappel doit être dans le futur');
    }
    return this.change(actor, id, 'alert.snoozed', () => ({ state: 'snoozed', snoozedUntil: until }));
  }

  /** Raises an alert once per cause; published as `alerts.raised` when it is new. */
  async raise(alert: NewAlert): Promise<void> {
    const at = this.deps.clock.now();
    const row = await alertsRepo.insert(this.deps.db, {
      id: uuidv7(at.getTime()),
      ...alert,
      audience: alert.assigneeId ? 'expert' : 'admin',
      state: 'open',
      data: JSON.stringify(alert.data),
      createdAt: at,
      updatedAt: at,
    });
    if (row) this.deps.events.publish('alerts.raised', { alerts: [alertEventOf(row)], at });
  }

  /** Resolves, as gone, the alerts of a step no longer open or of a cause (its dedupe key). */
  async resolveCause(cause: { stepId: string } | { dedupeKey: string }): Promise<void> {
    const at = this.deps.clock.now();
    const rows = await alertsRepo.resolveCause(this.deps.db, cause, at);
    this.published(rows, at);
  }

  /**
   * The causes alerts follow: an overdue document request raises one for the dossier's expert (the admins when it
   * has none), resolved once the request is fulfilled or cancelled. (A closed step's alerts are resolved by the engine,
   * in the transaction that closes it.)
   */
  followCauses(): void {
    const { events } = this.deps;
    events.subscribe('document.request_overdue', (e) =>
      this.raise({
        type: 'documents_overdue',
        severity: 'warning',
        dedupeKey: overdueKey(e.requestId),
        dossierId: e.dossierId,
        assigneeId: e.expertId,
        data: { requestId: e.requestId, category: e.category, dueAt: e.dueAt?.toISOString() ?? null },
      }),
    );
    const requestClosed = (e: DomainEvents['document.request_cancelled']) =>
      this.resolveCause({ dedupeKey: overdueKey(e.requestId) });
    events.subscribe('document.request_fulfilled', requestClosed);
    events.subscribe('document.request_cancelled', requestClosed);
  }

  /**
   * One person's change of an alert they may handle (others get a 404), in a transaction with its audit row, then
   * `alert.updated`. `decide` answers the columns to change, or null when there is nothing to do.
   */
  private async change(
    actor: Actor,
    id: string,
    action: string,
    decide: (row: AlertEventRow, at: Date) => Updateable<Database['alerts']> | null,
  ): Promise<Alert> {
    const visibility = visibilityOf(actor);
    const at = this.deps.clock.now();
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const row = await alertsRepo.lock(trx, id);
      if (!row || (visibility !== 'all' && row.assigneeId !== visibility.assigneeId))
        throw notFound('Alerte');
      if (row.state === 'resolved') throw conflict('ALERT_ALREADY_RESOLVED', 'Cette alerte est déjà résolue');
      const changes = decide(row, at);
      if (!changes) return null;
      const after = await alertsRepo.update(trx, id, { ...changes, updatedAt: at });
      await recordAudit(trx, {
        actorId: actor.id,
        action,
        entityType: 'alert',
        entityId: id,
        before: { state: row.state },
        after: changes,
        at,
      });
      return after;
    });
    if (updated) this.published([updated], at);
    const row = await alertsRepo.find(this.deps.db, id);
    if (!row) throw notFound('Alerte');
    return toAlert(row);
  }

  private published(rows: AlertEventRow[], at: Date): void {
    for (const row of rows) this.deps.events.publish('alert.updated', alertUpdateOf(row, at));
  }
}
