import '../../i18n/admin-users-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyJoinRequest } from '../../../../common/companies.ts';
import { type JoinRequestStatus, joinRequestStatuses } from '../../../../common/join-request-statuses.ts';
import { formatDate } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { PageHeader } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { ReasonDialog } from '../../ui/ReasonDialog.tsx';
import { useReasonPrompt } from '../../ui/useReasonPrompt.ts';
import { useJoinRequestDecision, useJoinRequests } from './admin.api.ts';
import { PeopleList, PersonRow } from './PeopleList.tsx';

const personName = (r: CompanyJoinRequest) => `${r.requester.firstName} ${r.requester.lastName}`;

/** Clients who registered with the SIREN of a company already on the platform, waiting to be let in. */
export function AdminJoinRequestsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<JoinRequestStatus>('pending');
  const requests = useJoinRequests(status);
  const decide = useJoinRequestDecision();
  const rejecting = useReasonPrompt<CompanyJoinRequest>(decide);
  const [done, setDone] = useState<string | null>(null);

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
    const request = rejecting.subject;
    if (!request) return;
    decide.mutate(
      { id: request.id, decision: 'reject', reason: rejecting.dialog.reason.trim() },
      {
        onSuccess: () => {
          rejecting.done();
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
      <PeopleList
        query={requests}
        emptyTitle={t('joinRequests.empty')}
        done={done}
        actionError={rejecting.subject ? null : decide.error}
      >
        {(r) => (
          <PersonRow
            key={r.id}
            testId="join-request-row"
            name={personName(r)}
            email={r.requester.email}
            details={
              <>
                <p className="text-xs text-slate-500">
                  {t('joinRequests.wantsToJoin', { company: r.company.name, siren: r.company.siren })} ·{' '}
                  {formatDate(r.createdAt)}
                </p>
                {r.reason && (
                  <p className="text-xs text-slate-500">
                    {t('joinRequests.reason')} : {r.reason}
                  </p>
                )}
              </>
            }
          >
            {r.status === 'pending' && (
              <div className="flex gap-2">
                <Button
                  size="sm"
                  aria-label={`${t('adminUsers.approve')} ${personName(r)}`}
                  busy={
                    decide.isPending &&
                    decide.variables?.id === r.id &&
                    decide.variables.decision === 'approve'
                  }
                  onClick={() => approve(r)}
                >
                  {t('adminUsers.approve')}
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  aria-label={`${t('adminUsers.reject')} ${personName(r)}`}
                  onClick={() => {
                    setDone(null);
                    rejecting.ask(r);
                  }}
                >
                  {t('adminUsers.reject')}
                </Button>
              </div>
            )}
          </PersonRow>
        )}
      </PeopleList>
      <ReasonDialog
        {...rejecting.dialog}
        title={rejecting.subject ? `${t('joinRequests.rejectTitle')} — ${personName(rejecting.subject)}` : ''}
        label={t('joinRequests.reasonRequired')}
        hint={t('joinRequests.reasonHint')}
        required
        onConfirm={reject}
      />
    </>
  );
}
