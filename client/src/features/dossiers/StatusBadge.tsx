import { useTranslation } from 'react-i18next';
import type { DossierStatus } from '../../../../common/dossiers.ts';

const tone: Partial<Record<DossierStatus, string>> = {
  draft: 'bg-slate-100 text-slate-700 ring-slate-300',
  pre_eligibility_pending: 'bg-amber-50 text-amber-800 ring-amber-300',
  expert_pending: 'bg-amber-50 text-amber-800 ring-amber-300',
  documents_pending: 'bg-amber-50 text-amber-800 ring-amber-300',
  audit_proposed: 'bg-amber-50 text-amber-800 ring-amber-300',
  refunded: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  closed: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  not_eligible: 'bg-red-50 text-red-800 ring-red-300',
  refused: 'bg-red-50 text-red-800 ring-red-300',
  cancelled: 'bg-slate-100 text-slate-600 ring-slate-300',
};

export function StatusBadge({ status }: { status: DossierStatus }) {
  const { t } = useTranslation();
  return (
    <span
      data-status={status}
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${
        tone[status] ?? 'bg-blue-50 text-blue-800 ring-blue-300'
      }`}
    >
      {t(`status.${status}`)}
    </span>
  );
}
