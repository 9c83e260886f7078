import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEntry } from '../../../../common/admin-audit.ts';
import { formatDateTime } from '../../lib/format.ts';
import { focusRing } from '../../ui/Button.tsx';

/** Where an entity of the log is shown, when it has a page. */
const entityPages: Record<string, (id: string) => string> = {
  user: (id) => `/admin/utilisateurs/${id}`,
  dossier: (id) => `/dossiers/${id}`,
};

const MAX_VALUE = 80;

function shown(value: unknown): string {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

const fieldsOf = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : value === null || value === undefined
      ? {}
      : { '': value };

/**
 * The fields that differ between before and after, each as `before → after`; on a creation (no before), the fields
 * it set. A missing field and a null one read the same (—) and are no change.
 */
function changes(entry: AuditEntry): { key: string; before?: string; after: string }[] {
  const created = entry.before === null;
  const before = fieldsOf(entry.before);
  const after = fieldsOf(entry.after);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .map((key) => ({ key, before: shown(before[key]), after: shown(after[key]) }))
    .filter((c) => c.before !== c.after)
    .map((c) => (created ? { key: c.key, after: c.after } : c));
}

/** One audited action as a sentence (who did what to what, when) and what it changed. */
export function AuditEntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const page = entityPages[entry.entityType];
  const label = entry.entityLabel ?? entry.entityId;
  const diff = changes(entry);
  return (
    <li data-testid="audit-row" className="space-y-1 p-4">
      <p className="text-sm">
        <span className="font-medium">{entry.actor?.name ?? t('audit.system')}</span>
        {entry.actor && <span className="text-slate-600"> ({t(`roles.${entry.actor.role}`)})</span>}{' '}
        <span>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</span>{' '}
        <span className="text-slate-600">
          {t('audit.onEntity', {
            type: t(`audit.entityTypes.${entry.entityType}`, { defaultValue: entry.entityType }),
          })}
        </span>{' '}
        {page ? (
          <Link to={page(entry.entityId)} className={`font-medium text-blue-700 underline ${focusRing}`}>
            {label}
          </Link>
        ) : (
          <span className="font-mono text-xs break-all">{label}</span>
        )}
      </p>
      <p className="text-xs text-slate-600">
        <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
        {entry.actor && <> · {entry.actor.email}</>} · <code>{entry.action}</code>
      </p>
      {diff.length > 0 && (
        <dl aria-label={t('audit.changes')} className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
          {diff.map((c) => (
            <div key={c.key} className="flex min-w-0 gap-1">
              {c.key && <dt className="font-medium text-slate-700">{c.key} :</dt>}
              <dd className="min-w-0 break-all">
                {c.before !== undefined && (
                  <>
                    <del className="text-red-800">
                      <span className="sr-only">{t('audit.before')} </span>
                      {c.before}
                    </del>{' '}
                    →{' '}
                  </>
                )}
                <ins className="text-emerald-800 no-underline">
                  <span className="sr-only">{t('audit.after')} </span>
                  {c.after}
                </ins>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}
