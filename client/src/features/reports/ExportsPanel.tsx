import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportJob, ExportStatus } from '../../../../common/reports.ts';
import { focusRing } from '../../ui/Button.tsx';
import { ErrorAlert, Skeleton } from '../../ui/Feedback.tsx';
import { useExports } from './exports.api.ts';
import { fileSize, parisDateTime } from './words.ts';

const tones: Record<ExportStatus, string> = {
  queued: 'bg-slate-100 text-slate-800',
  running: 'bg-blue-50 text-blue-800',
  ready: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-red-50 text-red-800',
  cancelled: 'bg-slate-100 text-slate-600',
};

/** "Mes exports": the reader's recent files, each downloadable until it expires. */
export function ExportsPanel() {
  const { t } = useTranslation();
  const titleId = useId();
  const exports = useExports();
  return (
    <section
      aria-labelledby={titleId}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      data-testid="my-exports"
    >
      <h2 id={titleId} className="mb-3 text-lg font-semibold text-slate-900">
        {t('reports.exports.title')}
      </h2>
      {exports.isError ? (
        <ErrorAlert error={exports.error} />
      ) : !exports.data ? (
        <Skeleton className="h-16" />
      ) : exports.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t('reports.exports.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {exports.data.map((job) => (
            <ExportItem key={job.id} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExportItem({ job }: { job: ExportJob }) {
  const { t, i18n } = useTranslation();
  const name =
    job.fileName ?? `${t(`reports.types.${job.source}`, { defaultValue: job.source })} (${job.format})`;
  const expired = job.expiresAt !== null && new Date(job.expiresAt) <= new Date();
  const expiry =
    job.status !== 'ready' || job.expiresAt === null
      ? null
      : expired
        ? t('reports.exports.expired')
        : t('reports.exports.until', { date: parisDateTime(job.expiresAt, i18n.language) });
  return (
    <li
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm"
      data-testid="export-item"
    >
      <div className="min-w-0">
        <p className="font-medium break-all text-slate-900">{name}</p>
        <p className="text-xs text-slate-600">
          {t('reports.exports.requested', { date: parisDateTime(job.createdAt, i18n.language) })}
          {job.sizeBytes !== null && ` · ${fileSize(job.sizeBytes, i18n.language)}`}
          {expiry && ` · ${expiry}`}
        </p>
        {job.status === 'failed' && job.error && <p className="text-xs text-red-700">{job.error}</p>}
      </div>
      <div className="flex items-center gap-3">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tones[job.status]}`}>
          {t(`reports.exports.statuses.${job.status}`)}
        </span>
        {job.status === 'ready' && job.downloadUrl && !expired && (
          <a
            href={job.downloadUrl}
            download={job.fileName ?? ''}
            aria-label={t('reports.exports.downloadLabel', { name })}
            className={`font-medium text-blue-800 underline underline-offset-2 ${focusRing}`}
          >
            {t('reports.exports.download')}
          </a>
        )}
      </div>
    </li>
  );
}
