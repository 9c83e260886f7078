import type { Insertable } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

/** A step instance, what its signature needs of it: its template's step and whether it is open. */
const stepWithTemplate = (db: Executor, dossierId: string, stepId: string) =>
  db
    .selectFrom('dossierSteps as s')
    .innerJoin('dossierWorkflows as w', 'w.dossierId', 's.dossierId')
    .leftJoin('stepSignatures as g', 'g.stepId', 's.id')
    .select(['s.id', 's.stepKey', 's.state', 'w.templateId', 'g.id as signatureId'])
    .where('s.id', '=', stepId)
    .where('s.dossierId', '=', dossierId);

export const signaturesRepo = {
  step: (db: Executor, dossierId: string, stepId: string) =>
    stepWithTemplate(db, dossierId, stepId).executeTakeFirst(),

  /** The step, locked until the transaction ends (its completion waits for the signature, and the reverse). */
  lockStep: (db: Executor, dossierId: string, stepId: string) =>
    stepWithTemplate(db, dossierId, stepId).forUpdate('s').executeTakeFirst(),

  insert: (db: Executor, row: Insertable<Database['stepSignatures']>) =>
    db.insertInto('stepSignatures').values(row).execute(),

  find: (db: Executor, dossierId: string, stepId: string) =>
    db
      .selectFrom('stepSignatures')
      .selectAll()
      .where('stepId', '=', stepId)
      .where('dossierId', '=', dossierId)
      .executeTakeFirst(),
};

export type SignableStep = NonNullable<Awaited<ReturnType<typeof signaturesRepo.step>>>;
