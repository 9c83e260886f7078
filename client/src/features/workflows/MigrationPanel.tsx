import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { useMigration } from './templates.api.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

/** Moves the open dossiers of older versions to `toVersion`: a preview of each one's step first, then the move. */
export function MigrationPanel({ productCode, toVersion }: { productCode: string; toVersion: number }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const migration = useMigration(productCode);
  const result = migration.data;
  const dryRun = migration.variables?.dryRun !== false;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="secondary"
          busy={migration.isPending && dryRun}
          onClick={() => migration.mutate({ toVersion, dryRun: true })}
        >
          {t('workflowEditor.migration.preview', { version: toVersion })}
        </Button>
        {result && !result.applied && result.dossiers.length > 0 && (
          <Button
            size="sm"
            busy={migration.isPending && !dryRun}
            onClick={() =>
              migration.mutate({
                toVersion,
                dryRun: false,
                dossierIds: result.dossiers.map((d) => d.dossierId),
              })
            }
          >
            {t('workflowEditor.migration.apply', { count: result.dossiers.length })}
          </Button>
        )}
      </div>
      <ErrorAlert error={migration.error} />
      {result?.applied && (
        <Notice tone="success">
          {t('workflowEditor.migration.done', { count: result.dossiers.length })}
        </Notice>
      )}
      {result && result.dossiers.length === 0 && (
        <p className="text-sm text-slate-600">{t('workflowEditor.migration.none')}</p>
      )}
      {result && result.dossiers.length > 0 && (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="migration-preview">
          {result.dossiers.map((d) => (
            <li key={d.dossierId} className="py-1">
              <span className="font-medium">{d.reference}</span> · v{d.fromVersion} :{' '}
              {d.fromStep ? format.name(d.fromStep.name) : '—'} →{' '}
              {d.toStep ? format.name(d.toStep.name) : '—'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
