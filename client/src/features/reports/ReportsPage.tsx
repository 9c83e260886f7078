import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import '../../i18n/report-pages.ts';
import { useUser } from '../../lib/session.tsx';
import { parisToday } from '../../shared/period.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert, Notice, PageHeader, Skeleton } from '../../ui/Feedback.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { ReportParamsBar } from './ReportParamsBar.tsx';
import { ReportView } from './ReportView.tsx';
import { useReport } from './reports.api.ts';
import { SchedulesSection } from './SchedulesSection.tsx';
import { canSchedule, isComplete, readSelection, reportParams, selectionParams } from './selection.ts';

// The report's files (its downloads, "Mes exports") load after the page: their code is shared with the lists'
// exports (reports.embeds.ts), and kept out of the page's first render.
const loadFiles = () => import('./ReportFiles.ts');
const ExportButtons = lazyPart('reports/ExportButtons', () => loadFiles().then((m) => m.ExportButtons));
const ExportsPanel = lazyPart('reports/ExportsPanel', () => loadFiles().then((m) => m.ExportsPanel));

/** Reports for every signed-in role: parameters in the URL, the document drawn, its files, the schedules. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const today = useMemo(() => parisToday(new Date()), []);
  const selection = readSelection(params, user.role, today);
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  const complete = isComplete(selection, user.role);
  const report = useReport({ type: selection.type, locale, ...reportParams(selection) }, complete);

  return (
    <>
      <PageHeader title={t('reports.title')} />
      <ReportParamsBar
        role={user.role}
        selection={selection}
        today={today}
        onChange={(next) => setParams(selectionParams(next))}
      />
      {/* As tall as the buttons before they arrive, so that the report below does not move. */}
      <Suspense fallback={<div className="mb-6 min-h-8" />}>
        <ExportButtons selection={complete ? selection : null} locale={locale} />
      </Suspense>
      {!complete ? (
        <Notice>{t('reports.expertNeeded')}</Notice>
      ) : report.isError ? (
        <div className="flex flex-wrap items-center gap-3">
          <div className="min-w-0 flex-1">
            <ErrorAlert error={report.error} />
          </div>
          <Button variant="secondary" busy={report.isFetching} onClick={() => void report.refetch()}>
            {t('reports.retry')}
          </Button>
        </div>
      ) : report.data ? (
        <ReportView document={report.data} busy={report.isFetching} />
      ) : (
        <ReportSkeleton />
      )}
      <div className="mt-8 space-y-6">
        <Suspense fallback={<Skeleton className="h-32" />}>
          <ExportsPanel />
        </Suspense>
        {canSchedule(user.role) && <SchedulesSection selection={selection} />}
      </div>
    </>
  );
}

/** The report's shape while it loads, so that the page does not jump when it arrives. */
function ReportSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true">
      <Skeleton className="h-14" />
      <div className="grid grid-cols-1 gap-3 min-[480px]:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} className="h-32" />
        ))}
      </div>
      <Skeleton className="h-72" />
    </div>
  );
}
