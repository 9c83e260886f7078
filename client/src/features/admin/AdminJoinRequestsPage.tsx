import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CompanyJoinRequest,
  type JoinRequestStatus,
  joinRequestStatuses,
} from '../../../../common/companies.ts';
import { formatDate } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState, ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { ReasonDialog } from '../../ui/ReasonDialog.tsx';
import { useJoinRequestDecision, useJoinRequests } from './admin.api.ts';

const personName = (r: CompanyJoinRequest) => `${r.requester.firstName} ${r.requester.lastName}`;

/** Clients who registered with the SIREN of a company already on the platform, waiting to be let in. */
export function AdminJoinRequestsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<JoinRequestStatus>('pending');
  const requests = useJoinRequests(status);
  const decide = useJoinRequestDecision();
  const [rejecting, setRejecting] = useState<CompanyJoinRequest | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const items = requests.data?.pages.flatMap((p) => p.items) ?? [];

  const approve = (request: CompanyJoinRequest) => {
    setDone(null);
    decide.mutate(
      { id: request.id, decision: 'approve' },
      {
        onSuccess: () =>
          setDone(t('joinRequests.approved', { name: personName(request), company: request.company.name })),
      },
    );
  };

  const reject = () => {
    if (!rejecting) return;
    const request = rejecting;
    decide.mutate(
      { id: request.id, decision: 'reject', reason: reason.trim() },
      {
        onSuccess: () => {
          setRejecting(null);
          setReason('');
          setDone(t('joinRequests.rejected', { name: personName(request), company: request.company.name }));
        },
      },
    );
  };

  return (
    <>
      <PageHeader title={t('joinRequests.title')} />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">{t('joinRequests.lead')}</p>
      <div className="mb-4 grid gap-3 sm:grid-cols-3">
        <SelectField
          label={t('admin.status')}
          value={status}
          options={joinRequestStatuses.map((s) => ({ value: s, label: t(`joinRequests.status.${s}`) }))}
          onChange={(e) => setStatus(e.target.value as JoinRequestStatus)}
        />
      </div>
      <div className="mb-4 space-y-2">
        {done && <Notice tone="success">{done}</Notice>}
        {!rejecting && <ErrorAlert error={decide.error} />}
      </div>
      {requests.isPending ? (
        <LoadingRows />
      ) : requests.isError ? (
        <ErrorAlert error={requests.error} />
      ) : items.length === 0 ? (
        <EmptyState title={t('joinRequests.empty')} />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm">
          {items.map((r) => (
            <li key={r.id} data-testid="join-request-row" className="flex flex-wrap items-center gap-3 p-4">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{personName(r)}</p>
                <p className="truncate text-sm text-slate-600">{r.requester.email}</p>
                <p className="text-xs text-slate-500">
                  {t('joinRequests.wantsToJoin', { company: r.company.name, siren: r.company.siren })} ·{' '}
                  {formatDate(r.createdAt)}
                </p>
                {r.reason && (
                  <p className="text-xs text-slate-500">
                    {t('joinRequests.reason')} : {r.reason}
                  </p>
                )}
              </div>
              {r.status === 'pending' && (
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    aria-label={`${t('admin.approve')} ${personName(r)}`}
                    busy={
                      decide.isPending &&
                      decide.variables?.id === r.id &&
                      decide.variables.decision === 'approve'
                    }
                    onClick={() => approve(r)}
                  >
                    {t('admin.approve')}
                  </Button>
                  <Button
                    size="sm"
                    variant="danger"
                    aria-label={`${t('admin.reject')} ${personName(r)}`}
                    onClick={() => {
                      setDone(null);
                      setRejecting(r);
                    }}
                  >
                    {t('admin.reject')}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={requests} className="mt-4" />
      <ReasonDialog
        open={rejecting !== null}
        title={rejecting ? `${t('joinRequests.rejectTitle')} — ${personName(rejecting)}` : ''}
        label={t('joinRequests.reasonRequired')}
        hint={t('joinRequests.reasonHint')}
        required
        reason={reason}
        onReasonChange={setReason}
        error={decide.error}
        busy={decide.isPending}
        onConfirm={reject}
        onClose={() => {
          setRejecting(null);
          decide.reset();
        }}
      />
    </>
  );
}
