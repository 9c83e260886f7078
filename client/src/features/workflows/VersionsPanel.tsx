import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { SelectField } from '../../ui/Field.tsx';
import { DiffView } from './DiffView.tsx';
import { MigrationPanel } from './MigrationPanel.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import type { TemplateVersions } from './templates.api.ts';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/** A template's versions (who, when, why, open dossiers), the diff of two of them, a path preview, migrations. */
export function VersionsPanel({ data }: { data: TemplateVersions }) {
  const { t } = useTranslation();
  const current = data.current.version;
  const [from, setFrom] = useState(Math.max(1, current - 1));
  const [to, setTo] = useState(current);
  const options = data.versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }));
  return (
    <div className="space-y-6">
      <Section title={t('workflowEditor.versions.title')}>
        <ul className="divide-y divide-slate-100 text-sm" data-testid="template-versions">
          {data.versions.map((v) => (
            <li key={v.version} className="py-2">
              <p className="font-medium">
                v{v.version}
                {v.version === current && ` · ${t('workflowEditor.versions.current')}`}
              </p>
              <p className="text-xs text-slate-500">
                {formatDateTime(v.createdAt)}
                {v.createdBy && ` · ${v.createdBy.name}`} ·{' '}
                {t('workflowEditor.versions.open', { count: v.openDossiers })}
              </p>
              {v.note && <p className="text-slate-700">{v.note}</p>}
            </li>
          ))}
        </ul>
      </Section>
      {data.versions.length > 1 && (
        <Section title={t('workflowEditor.diff.title')}>
          <div className="grid grid-cols-2 gap-2">
            <SelectField
              label={t('workflowEditor.diff.from')}
              value={String(from)}
              options={options}
              onChange={(e) => setFrom(Number(e.target.value))}
            />
            <SelectField
              label={t('workflowEditor.diff.to')}
              value={String(to)}
              options={options}
              onChange={(e) => setTo(Number(e.target.value))}
            />
          </div>
          <DiffView productCode={data.productCode} from={from} to={to} />
        </Section>
      )}
      <Section title={t('workflowEditor.preview.title')}>
        <PreviewPanel productCode={data.productCode} version={to} />
      </Section>
      <Section title={t('workflowEditor.migration.title')}>
        <MigrationPanel productCode={data.productCode} toVersion={current} />
      </Section>
    </div>
  );
}
