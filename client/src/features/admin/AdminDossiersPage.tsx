import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignableStatuses } from '../../../../common/dossier-lifecycle.ts';
import type { Dossier } from '../../../../common/dossiers.ts';
import '../../i18n/assignment-pages.ts';
import { Button } from '../../ui/Button.tsx';
import { Notice, PageHeader } from '../../ui/Feedback.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { DossierResults } from '../dossiers/dossiers.embeds.ts';
import { AssignExpertDialog } from './AssignExpertDialog.tsx';
import { AssignmentDossierFilters, useDossierUrlFilters } from './AssignmentDossierFilters.tsx';

// The list as a CSV or XLSX file (the reports' exports, with the list's filters), loaded after the page.
const ExportListButton = lazyPart('reports/ExportListButton', () =>
  import('../reports/reports.embeds.ts').then((m) => m.ExportListButton),
);

/**
 * Every dossier, filtered from the URL (the dashboard's figures link here), with the admin's assign action, and
 * exported with those filters.
 */
export function AdminDossiersPage() {
  const { t } = useTranslation();
  const [assigning, setAssigning] = useState<Dossier | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const urlFilters = useDossierUrlFilters();
  const { filters } = urlFilters;
  return (
    <>
      <PageHeader title={t('admin.dossiersTitle')}>
        <Suspense fallback={null}>
          <ExportListButton list="dossiers" filters={filters} className="ml-auto" />
        </Suspense>
      </PageHeader>
      {done && (
        <div className="mb-4">
          <Notice tone="success">{done}</Notice>
        </div>
      )}
      <div className="space-y-4">
        <AssignmentDossierFilters {...urlFilters} />
        <DossierResults
          filters={filters}
          filtered={Object.values(filters).some((v) => v !== undefined)}
          emptyText={t('admin.noDossiers')}
          showCompany
          actions={(d) =>
            assignableStatuses.includes(d.status) && (
              <Button size="sm" variant="secondary" onClick={() => setAssigning(d)}>
                {d.expert ? t('admin.reassign') : t('admin.assign')}
              </Button>
            )
          }
        />
      </div>
      <AssignExpertDialog dossier={assigning} onClose={() => setAssigning(null)} onAssigned={setDone} />
    </>
  );
}
