import '../../i18n/file-exports.ts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFormat } from '../../../../common/reports.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { ExportProgress } from './ExportProgress.tsx';
import { exportRequest, type ReportSelection } from './selection.ts';
import { useExportFile } from './useExportFile.ts';

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
  const { job, start, busy, request } = useExportFile();

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
            disabled={!selection || busy}
            busy={start.isPending && start.variables?.format === format}
            onClick={() => selection && request(exportRequest(selection, format, locale))}
          >
            {t(`fileExport.formats.${format}`)}
          </Button>
        ))}
      </div>
      {start.isError && <ErrorAlert error={start.error} />}
      {job && <ExportProgress job={job} />}
    </section>
  );
}
