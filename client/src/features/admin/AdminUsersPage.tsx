import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../../../../common/admin.ts';
import { roles, userStatuses } from '../../../../common/roles.ts';
import { formatDate } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { PageHeader } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ReasonDialog } from '../../ui/ReasonDialog.tsx';
import { useReasonPrompt } from '../../ui/useReasonPrompt.ts';
import { type UserAction, useAdminUsers, useUserAction } from './admin.api.ts';
import type { UserFilters } from './admin.keys.ts';
import { PeopleList, PersonRow } from './PeopleList.tsx';

function actionsFor(user: AdminUser): UserAction[] {
  if (user.role === 'admin') return [];
  // A pending client asked to join a company: decided on the join requests page.
  if (user.status === 'pending') return user.role === 'expert' ? ['approve', 'reject'] : [];
  if (user.status === 'active') return ['suspend'];
  if (user.status === 'suspended') return ['reactivate'];
  return [];
}

const statusTone: Record<AdminUser['status'], string> = {
  active: 'text-emerald-700',
  pending: 'text-amber-700',
  rejected: 'text-slate-500',
  suspended: 'text-red-700',
};

export function AdminUsersPage() {
  const { t } = useTranslation();
  const [role, setRole] = useState<UserFilters['role'] | ''>('');
  const [status, setStatus] = useState<UserFilters['status'] | ''>('');
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const users = useAdminUsers({
    role: role || undefined,
    status: status || undefined,
    q: query || undefined,
  });
  const act = useUserAction();
  const pending = useReasonPrompt<{ user: AdminUser; action: UserAction }>(act);
  const [done, setDone] = useState<string | null>(null);

  const run = (user: AdminUser, action: UserAction, withReason?: string) =>
    act.mutate(
      { id: user.id, action, reason: withReason || undefined },
      {
        onSuccess: () => {
          pending.done();
          setDone(t(`admin.actionDone.${action}`, { name: `${user.firstName} ${user.lastName}` }));
        },
      },
    );

  const confirm = () => {
    if (pending.subject) run(pending.subject.user, pending.subject.action, pending.dialog.reason.trim());
  };

  return (
    <>
      <PageHeader title={t('admin.usersTitle')} />
      <div className="mb-4 grid gap-3 sm:grid-cols-3">
        <TextField
          label={t('common.search')}
          type="search"
          placeholder={t('admin.searchUsers')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <SelectField
          label={t('admin.role')}
          value={role}
          placeholder={t('common.all')}
          options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          onChange={(e) => setRole(e.target.value as UserFilters['role'] | '')}
        />
        <SelectField
          label={t('admin.status')}
          value={status}
          placeholder={t('common.all')}
          options={userStatuses.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
          onChange={(e) => setStatus(e.target.value as UserFilters['status'] | '')}
        />
      </div>
      <PeopleList
        query={users}
        emptyTitle={t('admin.noUsers')}
        done={done}
        actionError={pending.subject ? null : act.error}
      >
        {(u) => (
          <PersonRow
            key={u.id}
            testId="user-row"
            name={
              <>
                {u.firstName} {u.lastName}{' '}
                <span className="text-sm font-normal text-slate-500">· {t(`roles.${u.role}`)}</span>
              </>
            }
            email={u.email}
            details={
              <p className="text-xs text-slate-500">
                {u.companyName ?? u.specialties?.join(', ')} · {t('admin.registered')}{' '}
                {formatDate(u.createdAt)}
                {!u.emailVerified && (
                  <span className="font-medium text-amber-800"> · {t('admin.emailUnverified')}</span>
                )}
              </p>
            }
          >
            <span className={`text-sm font-medium ${statusTone[u.status]}`}>
              {t(`userStatus.${u.status}`)}
            </span>
            <div className="flex gap-2">
              {actionsFor(u).map((action) => (
                <Button
                  key={action}
                  size="sm"
                  variant={action === 'approve' || action === 'reactivate' ? 'primary' : 'danger'}
                  aria-label={`${t(`admin.${action}`)} ${u.firstName} ${u.lastName}`}
                  busy={act.isPending && act.variables?.id === u.id && act.variables.action === action}
                  onClick={() => {
                    setDone(null);
                    if (action === 'reject' || action === 'suspend') pending.ask({ user: u, action });
                    else run(u, action);
                  }}
                >
                  {t(`admin.${action}`)}
                </Button>
              ))}
            </div>
          </PersonRow>
        )}
      </PeopleList>
      <ReasonDialog
        {...pending.dialog}
        title={
          pending.subject
            ? `${t(`admin.actionTitle.${pending.subject.action}`)} — ${pending.subject.user.firstName} ${pending.subject.user.lastName}`
            : ''
        }
        label={t('admin.reasonOptional')}
        onConfirm={confirm}
      />
    </>
  );
}
