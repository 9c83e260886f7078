import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignableStatuses } from '../../../../common/dossier-lifecycle.ts';
import type { Dossier } from '../../../../common/dossiers.ts';
import { Button } from '../../ui/Button.tsx';
import { Notice, PageHeader } from '../../ui/Feedback.tsx';
import { DossierList } from '../dossiers/dossiers.embeds.ts';
import { AssignExpertDialog } from './AssignExpertDialog.tsx';

export function AdminDossiersPage() {
  const { t } = useTranslation();
  const [assigning, setAssigning] = useState<Dossier | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t('admin.dossiersTitle')} />
      {done && (
        <div className="mb-4">
          <Notice tone="success">{done}</Notice>
        </div>
      )}
      <DossierList
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
      <AssignExpertDialog dossier={assigning} onClose={() => setAssigning(null)} onAssigned={setDone} />
    </>
  );
}
