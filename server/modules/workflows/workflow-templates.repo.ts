import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';

export type NewTemplateRow = {
  id: string;
  productCode: string;
  version: number;
  steps: string;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
};

const templateView = (db: Executor) =>
  db
    .selectFrom('workflowTemplates as w')
    .leftJoin('users as u', 'u.id', 'w.createdBy')
    .select([
      'w.id',
      'w.productCode',
      'w.version',
      'w.steps',
      'w.note',
      'w.createdBy',
      'w.createdAt',
      'u.firstName as creatorFirstName',
      'u.lastName as creatorLastName',
    ]);

export type TemplateRow = RowOf<typeof templateView>;

/** Dossiers still running a template (their workflow not finished), per template id. */
const openDossiers = (db: Executor) =>
  db
    .selectFrom('dossierWorkflows')
    .select(['templateId', sql<number>`count(*)::int`.as('count')])
    .where('currentStepId', 'is not', null)
    .groupBy('templateId');

export const workflowTemplatesRepo = {
  /**
   * A product's required document categories, read through the caller's executor: the engine asks for a product's
   * first template inside a dossier's transaction, where the catalogue's service (its own pool connection) cannot.
   */
  product: (db: Executor, code: string) =>
    db
      .selectFrom('products')
      .select(['code', 'documentCategories'])
      .where('code', '=', code)
      .executeTakeFirst(),

  productCodes: async (db: Executor) =>
    (await db.selectFrom('products').select('code').orderBy('sortOrder').execute()).map((p) => p.code),

  /** Writes a version unless it exists (two instances writing the same default: one wins, both read it). */
  insertIfAbsent: (db: Executor, row: NewTemplateRow) =>
    db
      .insertInto('workflowTemplates')
      .values(row)
      .onConflict((c) => c.columns(['productCode', 'version']).doNothing())
      .execute(),

  /** Writes a new version; false when that version number was taken meanwhile. */
  insert: async (db: Executor, row: NewTemplateRow) => {
    const inserted = await db
      .insertInto('workflowTemplates')
      .values(row)
      .onConflict((c) => c.columns(['productCode', 'version']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  find: (db: Executor, id: string) => templateView(db).where('w.id', '=', id).executeTakeFirst(),

  /** The id of the product's highest version (its steps come from the cache of immutable versions). */
  latestId: (db: Executor, productCode: string) =>
    db
      .selectFrom('workflowTemplates')
      .select('id')
      .where('productCode', '=', productCode)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst(),

  byVersion: (db: Executor, productCode: string, version: number) =>
    templateView(db)
      .where('w.productCode', '=', productCode)
      .where('w.version', '=', version)
      .executeTakeFirst(),

  /** Every version of a product, newest first, with its open dossiers. */
  versions: (db: Executor, productCode: string) =>
    templateView(db)
      .leftJoin(openDossiers(db).as('o'), 'o.templateId', 'w.id')
      .select(sql<number>`coalesce(o.count, 0)`.as('openDossiers'))
      .where('w.productCode', '=', productCode)
      .orderBy('w.version', 'desc')
      .execute(),

  /** Every version of every product without its steps (their count instead), with its open dossiers. */
  outline: (db: Executor) =>
    db
      .selectFrom('workflowTemplates as w')
      .leftJoin(openDossiers(db).as('o'), 'o.templateId', 'w.id')
      .select([
        'w.productCode',
        'w.version',
        'w.createdAt',
        sql<number>`jsonb_array_length(w.steps)`.as('stepCount'),
        sql<number>`coalesce(o.count, 0)`.as('openDossiers'),
      ])
      .orderBy('w.productCode')
      .orderBy('w.version', 'desc')
      .execute(),

  /** What a preview reads of a dossier: its product, amounts, simulation answers, template and open step. */
  dossierFacts: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossiers as d')
      .leftJoin('simulations as s', 's.id', 'd.simulationId')
      .leftJoin('dossierWorkflows as w', 'w.dossierId', 'd.id')
      .leftJoin('dossierSteps as o', 'o.id', 'w.currentStepId')
      .select([
        'd.productCode',
        'd.estimatedCents',
        'd.auditedCents',
        'd.grantedCents',
        's.answers',
        'w.templateId',
        'o.stepKey as currentStepKey',
      ])
      .where('d.id', '=', dossierId)
      .executeTakeFirst(),
};
