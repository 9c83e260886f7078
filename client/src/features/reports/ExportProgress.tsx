import '../../i18n/file-exports.ts';
import { useTranslation } from 'react-i18next';
import type { ExportJob } from '../../../../common/reports.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { ErrorAlert, ProgressBar } from '../../ui/Feedback.tsx';
import { isUnderWay, useCancelExport } from './exports.api.ts';

type Props = {
  job: ExportJob;
  /** Its box: a bordered card by default. */
  className?: string;
};

/** An export's state: its progress with "Annuler" while it is made, then its link, or why there is no file. */
export function ExportProgress({
  job,
  className = 'rounded-lg border border-slate-200 bg-white px-4 py-3',
}: Props) {
  const { t } = useTranslation();
  const cancel = useCancelExport();
  const format = t(`fileExport.formats.${job.format}`);
  return (
    <div className={`text-sm ${className}`} data-testid="export-progress" data-status={job.status}>
      <p role="status" className="text-slate-800">
        {isUnderWay(job.status)
          ? t('fileExport.preparing', { format })
          : job.status === 'ready'
            ? t('fileExport.ready')
            : job.status === 'failed'
              ? t('fileExport.failed', { error: job.error ?? '' })
              : t('fileExport.cancelled')}
      </p>
      {isUnderWay(job.status) && (
        <div className="mt-2 flex items-center gap-3">
          <div className="min-w-0 flex-1">
            {job.progress === null ? (
              <div
                role="progressbar"
                aria-label={t('fileExport.progress')}
                className="h-2 w-full animate-pulse rounded-full bg-blue-300"
              />
            ) : (
              <ProgressBar value={Math.round(job.progress * 100)} label={t('fileExport.progress')} />
            )}
          </div>
          <Button size="sm" variant="ghost" busy={cancel.isPending} onClick={() => cancel.mutate(job.id)}>
            {t('fileExport.cancel')}
          </Button>
        </div>
      )}
      {job.status === 'ready' && job.downloadUrl && (
        <a
          href={job.downloadUrl}
          download={job.fileName ?? ''}
          className={`mt-1 inline-block font-medium break-all text-blue-800 underline underline-offset-2 ${focusRing}`}
        >
          {t('fileExport.link')} {job.fileName}
        </a>
      )}
      {cancel.isError && <ErrorAlert error={cancel.error} />}
    </div>
  );
}
