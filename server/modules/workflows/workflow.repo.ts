import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Answers } from '../../../common/products.ts';
import type { Role } from '../../../common/roles.ts';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

export type StepRow = Selectable<Database['dossierSteps']>;
export type NewStepRow = Insertable<Database['dossierSteps']>;
export type WorkflowRow = Selectable<Database['dossierWorkflows']>;
export type NewWorkflowRow = Insertable<Database['dossierWorkflows']>;

/**
 * The step is open (active or awaiting validation), written as the partial indexes' own predicate, with literals: a
 * prepared statement's generic plan can then use them (`state IN ($1, $2)` cannot prove the index's predicate).
 */
export const isOpenStep = (column: 'state' | 's.state' | 'q.state' = 'state') =>
  sql<boolean>`${sql.ref(column)} IN ('active', 'awaiting_validation')`;

/** Rows per INSERT: a statement carries at most 65,535 parameters. */
const INSERT_CHUNK = 1000;

async function inChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

/** The engine's SQL: a dossier's workflow row, its step instances, and the few facts its guards read. */
export const workflowRepo = {
  /** The dossier's workflow, locked until the transaction ends (the dossier's row is locked first). */
  lockWorkflow: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossierWorkflows')
      .selectAll()
      .where('dossierId', '=', dossierId)
      .forUpdate()
      .executeTakeFirst(),

  /** Vacuums and analyses the workflows' tables (outside any transaction: VACUUM cannot run in one). */
  vacuumWorkflows: (db: Executor) => sql`VACUUM (ANALYZE) dossier_workflows, dossier_steps`.execute(db),

  insertWorkflows: (db: Executor, rows: NewWorkflowRow[]) =>
    inChunks(rows, (chunk) => db.insertInto('dossierWorkflows').values(chunk).execute()),

  /** Those of the dossiers `ids` that have their workflow. */
  withWorkflow: async (db: Executor, ids: readonly string[]): Promise<Set<string>> =>
    ids.length === 0
      ? new Set()
      : new Set(
          (
            await db
              .selectFrom('dossierWorkflows')
              .select('dossierId')
              .where('dossierId', 'in', ids)
              .execute()
          ).map((r) => r.dossierId),
        ),

  updateWorkflow: (db: Executor, dossierId: string, changes: Updateable<Database['dossierWorkflows']>) =>
    db.updateTable('dossierWorkflows').set(changes).where('dossierId', '=', dossierId).execute(),

  /** The dossier's open step (active or awaiting validation), locked. */
  lockOpenStep: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossierSteps')
      .selectAll()
      .where('dossierId', '=', dossierId)
      .where(isOpenStep())
      .forUpdate()
      .executeTakeFirst(),

  findStep: (db: Executor, dossierId: string, stepId: string) =>
    db
      .selectFrom('dossierSteps')
      .selectAll()
      .where('id', '=', stepId)
      .where('dossierId', '=', dossierId)
      .executeTakeFirst(),

  insertSteps: (db: Executor, rows: NewStepRow[]) =>
    inChunks(rows, (chunk) => db.insertInto('dossierSteps').values(chunk).execute()),

  updateStep: (db: Executor, id: string, changes: Updateable<Database['dossierSteps']>) =>
    db.updateTable('dossierSteps').set(changes).where('id', '=', id).execute(),

  /** Closes the step's current pause, if any (the step leaves its open states). */
  endPause: (db: Executor, stepId: string, at: Date) =>
    db
      .updateTable('stepPauses')
      .set({ endedAt: at })
      .where('stepId', '=', stepId)
      .where('endedAt', 'is', null)
      .execute(),

  isSigned: async (db: Executor, stepId: string) =>
    (await db.selectFrom('stepSignatures').select('id').where('stepId', '=', stepId).executeTakeFirst()) !==
    undefined,

  /** The answers of each of the simulations `ids` that exist, by id (dossiers' step conditions read them). */
  simulationAnswers: async (db: Executor, ids: readonly string[]): Promise<Map<string, Answers>> => {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('simulations')
      .select(['id', 'answers'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, r.answers as Answers]));
  },

  /** The role of the user behind a status change (the dossiers' change hooks carry the actor's id only). */
  roleOf: async (db: Executor, userId: string): Promise<Role | null> =>
    (await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst())?.role ?? null,

  insertReminder: (db: Executor, row: Insertable<Database['reminders']>) =>
    db
      .insertInto('reminders')
      .values(row)
      .onConflict((c) => c.columns(['kind', 'subjectId']).doNothing())
      .execute(),

  /** Dossiers made before workflows existed, oldest first, after `after` (keyset: no rescan of those done). */
  dossiersWithoutWorkflow: (db: Executor, after: string | null, limit: number) =>
    db
      .selectFrom('dossiers as d')
      .select('d.id')
      .$if(after !== null, (q) => q.where('d.id', '>', after!))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('dossierWorkflows as w').select('w.dossierId').whereRef('w.dossierId', '=', 'd.id'),
          ),
        ),
      )
      .orderBy('d.id')
      .limit(limit)
      .execute(),

  /** The running dossiers of a product on another version than `templateId`, with their open step. */
  migratable: (db: Executor, productCode: string, templateId: string, dossierIds?: readonly string[]) => {
    let query = db
      .selectFrom('dossierWorkflows as w')
      .innerJoin('workflowTemplates as t', 't.id', 'w.templateId')
      .innerJoin('dossiers as d', 'd.id', 'w.dossierId')
      .innerJoin('dossierSteps as s', 's.id', 'w.currentStepId')
      .leftJoin('simulations as m', 'm.id', 'd.simulationId')
      .select(['w.dossierId', 'w.templateId', 'd.reference', 't.version', 's.stepKey', 's.position'])
      .select(['s.dossierStatus', 'd.estimatedCents', 'd.auditedCents', 'd.grantedCents', 'm.answers'])
      .where('t.productCode', '=', productCode)
      .where('w.templateId', '!=', templateId);
    if (dossierIds) query = query.where('w.dossierId', 'in', dossierIds);
    return query.orderBy('w.dossierId').execute();
  },
};
