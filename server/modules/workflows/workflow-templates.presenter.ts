import type { WorkflowTemplate } from '../../../common/workflows.ts';
import type { TemplateRow } from './workflow-templates.repo.ts';

const creatorOf = (row: TemplateRow) =>
  row.createdBy ? { id: row.createdBy, name: `${row.creatorFirstName} ${row.creatorLastName}` } : null;

/** A template version as the API shows it. */
export function toTemplate(row: TemplateRow): WorkflowTemplate {
  return {
    id: row.id,
    productCode: row.productCode,
    version: row.version,
    steps: row.steps,
    note: row.note,
    createdBy: creatorOf(row),
    createdAt: row.createdAt.toISOString(),
  };
}

/** A line of a product's version history. */
export function toVersionEntry(row: TemplateRow & { openDossiers: number }) {
  return {
    version: row.version,
    note: row.note,
    createdBy: creatorOf(row),
    createdAt: row.createdAt.toISOString(),
    openDossiers: row.openDossiers,
  };
}
