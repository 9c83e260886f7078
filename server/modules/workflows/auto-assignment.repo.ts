import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import { isOpenStep } from './workflow.repo.ts';

/** The reads of automatic assignment: the dossier's open step in its template, and an admin to act as. */
export const autoAssignmentRepo = {
  /** The dossier's open step with the steps of the template version the dossier runs. */
  openStep: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossierSteps as s')
      .innerJoin('dossierWorkflows as w', 'w.dossierId', 's.dossierId')
      .innerJoin('workflowTemplates as t', 't.id', 'w.templateId')
      .select(['s.id', 's.position', 's.dossierStatus', 's.dueAt', 't.steps'])
      .where('s.dossierId', '=', dossierId)
      .where(isOpenStep('s.state'))
      .executeTakeFirst(),

  /** Among these dossiers, the open steps waiting on an expert's answer to a request (`expert_pending`). */
  awaitingExpert: (db: Executor, dossierIds: readonly string[]) =>
    db
      .selectFrom('dossierSteps')
      .select(['dossierId', 'id as stepId'])
      // One array parameter: a sweep's breaches may outnumber the statement's parameter limit.
      .where('dossierId', '=', sql<string>`any(${dossierIds}::uuid[])`)
      .where(isOpenStep())
      .where('dossierStatus', '=', 'expert_pending')
      .execute(),

  /**
   * The longest-standing active admin: the platform's moves that only an admin may make (taking back an unanswered
   * proposal, assigning an expert) are recorded as theirs.
   */
  anAdmin: (db: Executor) =>
    db
      .selectFrom('users')
      .select(['id', 'role', 'companyId', 'status'])
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .orderBy('createdAt')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
};
