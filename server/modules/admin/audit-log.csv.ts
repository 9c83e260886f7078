import type { AuditEntry } from '../../../common/admin-audit.ts';

/**
 * The audit log as French Excel opens it: UTF-8 with a byte order mark (or accents come out garbled), `;` between
 * cells (`,` is the decimal separator there), CRLF between rows, Paris times.
 */
export const CSV_BOM = '\uFEFF';
const SEPARATOR = ';';

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

/**
 * One cell: quoted when it holds the separator, a quote or a line break (quotes doubled); a text a spreadsheet would
 * run as a formula (= + - @ first) is led by an apostrophe, so that an actor's name cannot inject one.
 */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: (string | null)[]) => `${cells.map(csvCell).join(SEPARATOR)}\r\n`;

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export const csvHeader = () => CSV_BOM + csvLine(header);

/** The export's file name, dated by its Paris day. */
export const csvFilename = (at: Date) => `journal-audit-${parisTime.format(at).slice(0, 10)}.csv`;

export const csvRow = (e: AuditEntry) =>
  csvLine([
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
  ]);
