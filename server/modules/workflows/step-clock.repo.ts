import { sql } from 'kysely';
import type { LocalizedText } from '../../../common/products.ts';
import type { PauseReason } from '../../../common/workflows.ts';
import { type Executor, preparedQuery } from '../../db/pool.ts';
import type { SlaClock } from './sla-clock.ts';
import { isOpenStep } from './workflow.repo.ts';

const openStepView = (db: Executor, dossierId: string) =>
  db
    .selectFrom('dossierSteps as s')
    .innerJoin('dossierWorkflows as w', 'w.dossierId', 's.dossierId')
    .innerJoin('workflowTemplates as t', 't.id', 'w.templateId')
    .select([
      's.id',
      's.stepKey',
      's.actingRole',
      's.slaMs',
      's.slaUnit',
      's.consumedMs',
      's.runningSince',
      's.pausedMs',
      's.pausedSince',
      's.pauseReason',
      's.warnAt',
      's.dueAt',
      sql<LocalizedText>`t.steps -> s.position -> 'name'`.as('stepName'),
    ])
    .where('s.dossierId', '=', dossierId)
    .where(isOpenStep('s.state'));

const openStepQuery = preparedQuery((db, p: { dossierId: string }) => openStepView(db, p.dossierId));
// Only the step row: locking the template's row would queue every dossier of the product.
const lockOpenStepQuery = preparedQuery((db, p: { dossierId: string }) =>
  openStepView(db, p.dossierId).modifyEnd(sql`for update of s`),
);

/** A step's clock as the SLA clock writes it: every column but the SLA's own, each time. */
export type StepClockColumns = Omit<SlaClock, 'slaMs' | 'slaUnit'>;

// Written as a dossier's messages and document requests pause and resume its step: prepared.
const updateClockQuery = preparedQuery((db, p: StepClockColumns & { stepId: string }) =>
  db
    .updateTable('dossierSteps')
    .set({
      consumedMs: p.consumedMs,
      runningSince: p.runningSince,
      pausedMs: p.pausedMs,
      pausedSince: p.pausedSince,
      pauseReason: p.pauseReason,
      warnAt: p.warnAt,
      dueAt: p.dueAt,
    })
    .where('id', '=', p.stepId),
);
const endPauseQuery = preparedQuery((db, p: { stepId: string; at: Date }) =>
  db
    .updateTable('stepPauses')
    .set({ endedAt: p.at })
    .where('stepId', '=', p.stepId)
    .where('endedAt', 'is', null),
);

/** The SQL of the SLA clock's pauses: the open step with its clock, and its `step_pauses` rows. */
export const stepClockRepo = {
  /**
   * The dossier's open step with its name in the dossier's template; `lock`: until the transaction ends. Read after
   * every step entered, document request and message: prepared.
   */
  openStep: async (db: Executor, dossierId: string, lock: boolean) =>
    (await (lock ? lockOpenStepQuery : openStepQuery)(db, { dossierId }))[0],

  updateClock: (db: Executor, stepId: string, clock: StepClockColumns) =>
    updateClockQuery(db, { stepId, ...clock }),

  openPause: (db: Executor, row: { id: string; stepId: string; reason: PauseReason; startedAt: Date }) =>
    db
      .insertInto('stepPauses')
      .values({ ...row, endedAt: null })
      .execute(),

  endPause: (db: Executor, stepId: string, at: Date) => endPauseQuery(db, { stepId, at }),
};
