import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { AlertSeverity, AlertState, AlertType } from '../../../common/workflows.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';

const alertView = (db: Executor) =>
  db
    .selectFrom('alerts as a')
    .leftJoin('dossiers as d', 'd.id', 'a.dossierId')
    .leftJoin('companies as c', 'c.id', 'd.companyId')
    .leftJoin('dossierSteps as s', 's.id', 'a.stepId')
    .leftJoin('dossierWorkflows as w', 'w.dossierId', 'a.dossierId')
    .leftJoin('workflowTemplates as t', 't.id', 'w.templateId')
    .leftJoin('users as u', 'u.id', 'a.assigneeId')
    .select([
      'a.id',
      'a.type',
      'a.severity',
      'a.state',
      'a.level',
      'a.audience',
      'a.dossierId',
      'a.stepId',
      'a.assigneeId',
      'a.data',
      'a.createdAt',
      'a.acknowledgedAt',
      'a.snoozedUntil',
      'a.resolvedAt',
      'a.resolutionNote',
      'a.resolvedAutomatically',
      'd.reference as dossierReference',
      'd.productCode',
      'c.name as companyName',
      's.stepKey',
      // The step's name in the template the dossier runs (by key: a migrated dossier keeps its older steps' keys).
      sql<{ fr: string; en: string } | null>`(SELECT e.value -> 'name' FROM jsonb_array_elements(t.steps) e
        WHERE e.value ->> 'key' = s.step_key LIMIT 1)`.as('stepName'),
      'u.firstName as assigneeFirstName',
      'u.lastName as assigneeLastName',
    ]);

export type AlertRow = RowOf<typeof alertView>;

/** What `alert.updated` and `alerts.raised` carry of an alert. */
const eventColumns = [
  'id',
  'type',
  'severity',
  'level',
  'dossierId',
  'stepId',
  'assigneeId',
  'audience',
  'state',
  'data',
] as const;
export type AlertEventRow = Pick<Selectable<Database['alerts']>, (typeof eventColumns)[number]>;

/** Whose alerts a reader sees: an expert the ones assigned to them, an admin all. */
export type AlertVisibility = { assigneeId: string } | 'all';

export type AlertFilters = {
  visibility: AlertVisibility;
  severities?: AlertSeverity[];
  types?: AlertType[];
  states: AlertState[];
  dossierId?: string;
  assigneeId?: string;
  /** The sort key of the last alert served (newest first). */
  before?: [Date, string];
  limit: number;
};

const visibleTo = <Q extends ReturnType<typeof alertView>>(query: Q, visibility: AlertVisibility): Q =>
  (visibility === 'all' ? query : query.where('a.assigneeId', '=', visibility.assigneeId)) as Q;

const automaticResolution = (at: Date) => ({
  state: 'resolved' as const,
  resolvedAt: at,
  resolvedAutomatically: true,
  snoozedUntil: null,
  updatedAt: at,
});

export const alertsRepo = {
  find: (db: Executor, id: string) => alertView(db).where('a.id', '=', id).executeTakeFirst(),

  list: (db: Executor, f: AlertFilters) => {
    let query = visibleTo(alertView(db), f.visibility).where('a.state', 'in', f.states);
    if (f.severities?.length) query = query.where('a.severity', 'in', f.severities);
    if (f.types?.length) query = query.where('a.type', 'in', f.types);
    if (f.dossierId) query = query.where('a.dossierId', '=', f.dossierId);
    if (f.assigneeId) query = query.where('a.assigneeId', '=', f.assigneeId);
    if (f.before) {
      const [createdAt, id] = f.before;
      query = query.where((eb) =>
        eb.or([
          eb('a.createdAt', '<', createdAt),
          eb.and([eb('a.createdAt', '=', createdAt), eb('a.id', '<', id)]),
        ]),
      );
    }
    return query.orderBy('a.createdAt', 'desc').orderBy('a.id', 'desc').limit(f.limit).execute();
  },

  /** Alerts still to handle (open or acknowledged: neither snoozed nor resolved), per severity. */
  counts: (db: Executor, visibility: AlertVisibility) => {
    let query = db
      .selectFrom('alerts as a')
      .select(['a.severity', (eb) => eb.fn.countAll<number>().as('count')])
      .where('a.state', 'in', ['open', 'acknowledged']);
    if (visibility !== 'all') query = query.where('a.assigneeId', '=', visibility.assigneeId);
    return query.groupBy('a.severity').execute();
  },

  lock: (db: Executor, id: string) =>
    db.selectFrom('alerts').select(eventColumns).where('id', '=', id).forUpdate().executeTakeFirst(),

  update: (db: Executor, id: string, changes: Updateable<Database['alerts']>) =>
    db
      .updateTable('alerts')
      .set(changes)
      .where('id', '=', id)
      .returning(eventColumns)
      .executeTakeFirstOrThrow(),

  /** Raises an alert once per dedupe key: the row, or undefined when that cause was raised already. */
  insert: (db: Executor, row: Insertable<Database['alerts']>) =>
    db
      .insertInto('alerts')
      .values(row)
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .returning(eventColumns)
      .executeTakeFirst(),

  /** Resolves, as gone, the unresolved alerts of a step or of one cause (its dedupe key). */
  resolveCause: (db: Executor, cause: { stepId: string } | { dedupeKey: string }, at: Date) => {
    const query = db.updateTable('alerts').set(automaticResolution(at)).where('state', '<>', 'resolved');
    return (
      'stepId' in cause
        ? query.where('stepId', '=', cause.stepId)
        : query.where('dedupeKey', '=', cause.dedupeKey)
    )
      .returning(eventColumns)
      .execute();
  },

  /** Snoozed alerts whose time has come are open again. */
  wakeSnoozed: (db: Executor, at: Date) =>
    db
      .updateTable('alerts')
      .set({ state: 'open', snoozedUntil: null, updatedAt: at })
      .where('state', '=', 'snoozed')
      .where('snoozedUntil', '<=', at)
      .returning(eventColumns)
      .execute(),
};
