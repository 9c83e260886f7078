import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportJob, ReportFormat } from '../../../../common/reports.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { ErrorAlert, ProgressBar } from '../../ui/Feedback.tsx';
import { isUnderWay, saveFile, useCancelExport, useExportJob, useStartExport } from './reports.api.ts';
import { exportRequest, type ReportSelection } from './selection.ts';

const formats = ['pdf', 'xlsx', 'csv'] as const satisfies ReportFormat[];

type Props = {
  /** The report on screen; null while it cannot be asked for yet (an expert report without its expert). */
  selection: ReportSelection | null;
  locale: 'fr' | 'en';
};

/** The report as a file: asked for, followed while the server makes it, downloaded as soon as it is ready. */
export function ExportButtons({ selection, locale }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const start = useStartExport();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useExportJob(jobId).data;
  const saved = useRef<string | null>(null);

  // Each file is handed to the browser once, when it becomes ready; the link below stays for another copy.
  useEffect(() => {
    if (job?.status !== 'ready' || !job.downloadUrl || saved.current === job.id) return;
    saved.current = job.id;
    saveFile(job.downloadUrl, job.fileName);
  }, [job]);

  return (
    <section aria-labelledby={titleId} className="mb-6 space-y-3" data-testid="report-downloads">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={titleId} className="mr-1 text-sm font-medium text-slate-700">
          {t('reports.download.title')}
        </h2>
        {formats.map((format) => (
          <Button
            key={format}
            size="sm"
            variant="secondary"
            disabled={!selection || (job !== undefined && isUnderWay(job.status))}
            busy={start.isPending && start.variables?.format === format}
            onClick={() =>
              selection &&
              start.mutate(exportRequest(selection, format, locale), {
                onSuccess: (next) => setJobId(next.id),
              })
            }
          >
            {t(`reports.formats.${format}`)}
          </Button>
        ))}
      </div>
      {start.isError && <ErrorAlert error={start.error} />}
      {job && <ExportProgress job={job} />}
    </section>
  );
}

function ExportProgress({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const cancel = useCancelExport();
  const format = t(`reports.formats.${job.format}`);
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm"
      data-testid="export-progress"
      data-status={job.status}
    >
      <p role="status" className="text-slate-800">
        {isUnderWay(job.status)
          ? t('reports.download.preparing', { format })
          : job.status === 'ready'
            ? t('reports.download.ready')
            : job.status === 'failed'
              ? t('reports.download.failed', { error: job.error ?? '' })
              : t('reports.download.cancelled')}
      </p>
      {isUnderWay(job.status) && (
        <div className="mt-2 flex items-center gap-3">
          <div className="min-w-0 flex-1">
            {job.progress === null ? (
              <div
                role="progressbar"
                aria-label={t('reports.download.progress')}
                className="h-2 w-full animate-pulse rounded-full bg-blue-300"
              />
            ) : (
              <ProgressBar value={Math.round(job.progress * 100)} label={t('reports.download.progress')} />
            )}
          </div>
          <Button size="sm" variant="ghost" busy={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
            {t('reports.download.cancel')}
          </Button>
        </div>
      )}
      {job.status === 'ready' && job.downloadUrl && (
        <a
          href={job.downloadUrl}
          download={job.fileName ?? ''}
          className={`mt-1 inline-block font-medium text-blue-800 underline underline-offset-2 ${focusRing}`}
        >
          {t('reports.download.link')} {job.fileName}
        </a>
      )}
      {cancel.isError && <ErrorAlert error={cancel.error} />}
    </div>
  );
}
