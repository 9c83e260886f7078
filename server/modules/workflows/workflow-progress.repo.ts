import { sql } from 'kysely';
import type { Answers } from '../../../common/products.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';

const name = (alias: string) =>
  sql<string | null>`${sql.ref(`${alias}.first_name`)} || ' ' || ${sql.ref(`${alias}.last_name`)}`;

/** A step instance with the names and roles of who submitted and who completed it. */
const stepView = (db: Executor) =>
  db
    .selectFrom('dossierSteps as s')
    .leftJoin('users as c', 'c.id', 's.completedBy')
    .leftJoin('users as b', 'b.id', 's.submittedBy')
    .select([
      's.id',
      's.stepKey',
      's.position',
      's.actingRole',
      's.state',
      's.enteredAt',
      's.submittedAt',
      's.submittedBy',
      's.completedAt',
      's.completedBy',
      's.note',
      's.pausedMs',
      's.pausedSince',
      's.pauseReason',
      's.warnAt',
      's.dueAt',
      name('c').as('completedByName'),
      'c.role as completedByRole',
      name('b').as('submittedByName'),
      'b.role as submittedByRole',
    ]);

export type StepRow = RowOf<typeof stepView>;

/** The read model of a dossier's workflow: its rows, read in a few statements. */
export const workflowProgressRepo = {
  /** The dossier's template and what its steps' conditions read (its simulation's answers); undefined: no workflow. */
  workflowOf: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossiers as d')
      .leftJoin('dossierWorkflows as w', 'w.dossierId', 'd.id')
      .leftJoin('simulations as m', 'm.id', 'd.simulationId')
      .select(['w.templateId', 'm.answers'])
      .where('d.id', '=', dossierId)
      .executeTakeFirst()
      .then((row) => row && { templateId: row.templateId, answers: (row.answers ?? {}) as Answers }),

  /** Every step instance of the dossier, in the order it lived them. */
  steps: (db: Executor, dossierId: string) =>
    stepView(db)
      .where('s.dossierId', '=', dossierId)
      .orderBy('s.enteredAt')
      .orderBy('s.position')
      .orderBy('s.id')
      .execute(),

  pauses: (db: Executor, dossierId: string) =>
    db
      .selectFrom('stepPauses as p')
      .innerJoin('dossierSteps as s', 's.id', 'p.stepId')
      .select(['p.stepId', 'p.reason', 'p.startedAt', 'p.endedAt'])
      .where('s.dossierId', '=', dossierId)
      .orderBy('p.startedAt')
      .execute(),

  signatures: (db: Executor, dossierId: string) =>
    db
      .selectFrom('stepSignatures as g')
      .leftJoin('users as u', 'u.id', 'g.signerId')
      .select(['g.stepId', 'g.signerId', 'g.signerName', 'g.signedAt', 'u.role as signerRole'])
      .where('g.dossierId', '=', dossierId)
      .execute(),
};

export type PauseRow = Awaited<ReturnType<typeof workflowProgressRepo.pauses>>[number];
export type SignatureRow = Awaited<ReturnType<typeof workflowProgressRepo.signatures>>[number];
