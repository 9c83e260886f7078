import type { AuditEntry } from '../../../common/admin-audit.ts';

import { CSV_BOM, csvLine, spreadsheetText } from '../../platform/csv.ts';

/** The audit log as French Excel opens it (platform/csv.ts), with Paris times. */

const header = [
  'Date (Europe/Paris)',
  'Acteur',
  'E-mail de l’acteur',
  'Rôle',
  'Action',
  'Type d’entité',
  'Identifiant de l’entité',
  'Entité',
  'Avant',
  'Après',
];

const parisTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** One cell: empty for no value, a formula-like text led by an apostrophe. */
const cell = (value: string | null) => (value === null || value === '' ? '' : spreadsheetText(value));

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export const csvHeader = () => CSV_BOM + csvLine(header.map(cell));

/** The export's file name, dated by its Paris day. */
export const csvFilename = (at: Date) => `journal-audit-${parisTime.format(at).slice(0, 10)}.csv`;

export const csvRow = (e: AuditEntry) =>
  csvLine(
    [
      parisTime.format(new Date(e.createdAt)),
      e.actor?.name ?? null,
      e.actor?.email ?? null,
      e.actor?.role ?? null,
      e.action,
      e.entityType,
      e.entityId,
      e.entityLabel,
      json(e.before),
      json(e.after),
    ].map(cell),
  );
