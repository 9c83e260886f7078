import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportDocument, ReportSection } from '../../../../common/reports.ts';
import { KpiCard } from '../../shared/KpiCard.tsx';
import { type CellFormatter, cellFormatter, figureTrend } from './cells.ts';
import { TableSection } from './TableSection.tsx';
import { parisDateTime } from './words.ts';

/** A report drawn from its document: title, parameters in words, then each section, figures or table. */
export function ReportView({ document, busy }: { document: ReportDocument; busy: boolean }) {
  const { i18n, t } = useTranslation();
  const format = cellFormatter(i18n.language);
  return (
    <article aria-labelledby="report-title" aria-busy={busy} className="space-y-6" data-testid="report">
      <header>
        <h2 id="report-title" className="text-xl font-semibold text-slate-900">
          {document.title}
        </h2>
        <ul className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-700" data-testid="report-subtitle">
          {document.subtitle.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="mt-1 text-xs text-slate-600">
          {t('reports.generatedAt', { date: parisDateTime(document.generatedAt, i18n.language) })}
        </p>
      </header>
      {document.sections.map((section) => (
        <Section key={section.id} section={section} format={format} />
      ))}
    </article>
  );
}

function Section({ section, format }: { section: ReportSection; format: CellFormatter }) {
  const titleId = useId();
  if (section.kind === 'table') return <TableSection table={section} format={format} />;
  return (
    <section aria-labelledby={titleId} data-testid={`section-${section.id}`}>
      <h3 id={titleId} className="mb-3 text-base font-semibold text-slate-900">
        {section.title}
      </h3>
      <div className="grid grid-cols-1 gap-3 min-[480px]:grid-cols-2 lg:grid-cols-4">
        {section.figures.map((figure) => (
          <KpiCard
            key={figure.label}
            label={figure.label}
            value={format(figure.value, figure.format)}
            {...(figure.previous !== undefined && {
              trend: figureTrend(figure),
              previous: format(figure.previous, figure.format),
            })}
          />
        ))}
      </div>
    </section>
  );
}
