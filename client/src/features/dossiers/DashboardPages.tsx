import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCents } from '../../lib/format.ts';
import { useUser } from '../../lib/session.tsx';
import { focusRing } from '../../ui/Button.tsx';
import { PageHeader, Skeleton } from '../../ui/Feedback.tsx';
import { IncomingRequests } from '../experts/experts.embeds.ts';
import { DossierList } from './DossierList.tsx';
import { useDossierSummary } from './dossiers.api.ts';

function SummaryCards() {
  const { t } = useTranslation();
  const summary = useDossierSummary();
  const cards = [
    { label: t('dossiers.total'), value: summary.data ? String(summary.data.total) : null },
    { label: t('dossiers.estimated'), value: summary.data ? formatCents(summary.data.estimatedCents) : null },
    { label: t('dossiers.obtained'), value: summary.data ? formatCents(summary.data.obtainedCents) : null },
  ];
  return (
    <dl className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-3">
      {cards.map((c) => (
        <div key={c.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm text-slate-500">{c.label}</dt>
          <dd className="mt-1 text-2xl font-semibold">{c.value ?? <Skeleton className="h-8 w-24" />}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ClientDashboard() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <>
      <PageHeader title={t('dossiers.title')}>
        <Link
          to="/"
          className={`rounded-lg bg-blue-700 px-4 py-2.5 text-sm font-medium text-white hover:bg-blue-800 ${focusRing}`}
        >
          {t('dossiers.newSimulation')}
        </Link>
      </PageHeader>
      {user.company && <p className="-mt-4 mb-6 text-slate-600">{user.company.name}</p>}
      <SummaryCards />
      <DossierList emptyText={t('dossiers.emptyClient')} />
    </>
  );
}

export function ExpertDashboard() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('dossiers.expertTitle')} />
      <IncomingRequests />
      <SummaryCards />
      <DossierList emptyText={t('dossiers.emptyExpert')} showCompany />
    </>
  );
}
