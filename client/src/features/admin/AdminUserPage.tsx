import '../../i18n/admin-users-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { UserAuditTrail, UserDossiers, UserSessions } from './UserActivityLists.tsx';
import { UserConfirmDialog } from './UserConfirmDialog.tsx';
import { UserProfileCards } from './UserProfileCards.tsx';
import { UserStatusActions } from './UserStatusActions.tsx';
import { userStatusTone } from './userStatusTone.ts';
import { useAdminUserDetail, useForcePasswordReset } from './users.api.ts';

/** A user's page for the admins: who they are, what they do, their sessions and audit trail, the actions on them. */
export function AdminUserPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useAdminUserDetail(id);
  const reset = useForcePasswordReset();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  if (detail.isPending) return <LoadingRows />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  const { user } = detail.data;
  const name = `${user.firstName} ${user.lastName}`;
  const closeReset = () => {
    setConfirming(false);
    reset.reset();
  };

  return (
    <>
      <Link to="/admin/utilisateurs" className="text-sm text-blue-700 underline">
        ← {t('adminUsers.back')}
      </Link>
      <PageHeader title={name}>
        <span className={`text-sm font-medium ${userStatusTone[user.status]}`}>
          {t(`userStatus.${user.status}`)}
        </span>
      </PageHeader>
      <section aria-label={t('adminUsers.actions')} className="mb-6 flex flex-wrap items-center gap-2">
        <UserStatusActions user={user} onDone={setDone} />
        {user.role !== 'admin' && (
          <Button size="sm" variant="secondary" onClick={() => setConfirming(true)}>
            {t('adminUsers.forceReset')}
          </Button>
        )}
      </section>
      {done && (
        <div className="mb-4">
          <Notice tone="success">{done}</Notice>
        </div>
      )}
      <div className="space-y-4">
        <UserProfileCards detail={detail.data} />
        <div className="grid gap-4 lg:grid-cols-2">
          {user.role !== 'admin' && <UserDossiers detail={detail.data} />}
          <UserSessions sessions={detail.data.sessions} />
        </div>
        <UserAuditTrail userId={user.id} />
      </div>
      <UserConfirmDialog
        open={confirming}
        title={t('adminUsers.forceResetTitle', { name })}
        text={t('adminUsers.forceResetText')}
        danger
        error={reset.error}
        busy={reset.isPending}
        onClose={closeReset}
        onConfirm={() =>
          reset.mutate(user.id, {
            onSuccess: () => {
              setDone(t('adminUsers.forceResetDone', { name }));
              closeReset();
            },
          })
        }
      />
    </>
  );
}
