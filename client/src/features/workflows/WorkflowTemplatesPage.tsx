import '../../i18n/workflow-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../lib/format.ts';
import { focusRing } from '../../ui/Button.tsx';
import { Card, ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { TemplateEditor } from './TemplateEditor.tsx';
import { useTemplate, useTemplateSummaries } from './templates.api.ts';
import { VersionsPanel } from './VersionsPanel.tsx';

function TemplateList() {
  const { t } = useTranslation();
  const query = useTemplateSummaries();
  if (query.isPending) return <LoadingRows />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return (
    <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2" data-testid="template-list">
      {query.data.map((s) => (
        <li key={s.productCode}>
          <Link
            to={`/admin/workflows/${s.productCode}`}
            className={`block rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-blue-300 ${focusRing}`}
          >
            <p className="font-semibold">{s.productName}</p>
            <p className="text-sm text-slate-600">
              {t('workflowEditor.summary', {
                version: s.currentVersion,
                count: s.stepCount,
                date: formatDate(s.updatedAt),
              })}
            </p>
            {s.dossiersOnOlderVersions > 0 && (
              <p className="text-sm text-amber-800">
                {t('workflowEditor.olderVersions', { count: s.dossiersOnOlderVersions })}
              </p>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function ProductTemplate({ productCode }: { productCode: string }) {
  const { t } = useTranslation();
  const query = useTemplate(productCode);
  const [saved, setSaved] = useState<number | null>(null);
  if (query.isPending) return <LoadingRows />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const data = query.data;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <Card>
        <h2 className="mb-3 text-lg font-semibold">
          {t('workflowEditor.steps', { version: data.current.version })}
        </h2>
        {saved !== null && (
          <div className="mb-3">
            <Notice tone="success">{t('workflowEditor.saved', { version: saved })}</Notice>
          </div>
        )}
        {/* A new version (read again once saved) remounts the editor on its steps. */}
        <TemplateEditor key={data.current.id} template={data.current} onSaved={setSaved} />
      </Card>
      <Card>
        <VersionsPanel data={data} />
      </Card>
    </div>
  );
}

/** The admin's workflow templates: one per product, then a product's steps, versions, diff, preview, migration. */
export function WorkflowTemplatesPage() {
  const { t } = useTranslation();
  const { productCode } = useParams();
  return (
    <div className="space-y-4">
      <PageHeader
        title={
          productCode ? t('workflowEditor.titleOf', { product: productCode }) : t('workflowEditor.title')
        }
      >
        {productCode && (
          <Link to="/admin/workflows" className={`text-sm text-blue-700 underline ${focusRing}`}>
            {t('workflowEditor.allTemplates')}
          </Link>
        )}
      </PageHeader>
      {productCode ? <ProductTemplate key={productCode} productCode={productCode} /> : <TemplateList />}
    </div>
  );
}
