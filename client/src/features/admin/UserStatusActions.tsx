import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../../../../common/admin-users.ts';
import { Button } from '../../ui/Button.tsx';
import { ReasonDialog } from '../../ui/ReasonDialog.tsx';
import { type UserAction, useUserAction } from './admin.api.ts';
import { UserConfirmDialog } from './UserConfirmDialog.tsx';

type Person = Pick<AdminUser, 'id' | 'role' | 'status' | 'firstName' | 'lastName'>;

export function actionsFor(user: Person): UserAction[] {
  if (user.role === 'admin') return [];
  // A pending client asked to join a company: decided on the join requests page.
  if (user.status === 'pending') return user.role === 'expert' ? ['approve', 'reject'] : [];
  if (user.status === 'active') return ['suspend'];
  if (user.status === 'suspended') return ['reactivate'];
  return [];
}

const withReason = (action: UserAction) => action === 'reject' || action === 'suspend';

/** The buttons deciding on an account, each confirmed in a dialog (with the reason sent to the person, if any). */
export function UserStatusActions({ user, onDone }: { user: Person; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const act = useUserAction();
  const [asking, setAsking] = useState<UserAction | null>(null);
  const [reason, setReason] = useState('');
  const name = `${user.firstName} ${user.lastName}`;
  const close = () => {
    setAsking(null);
    setReason('');
    act.reset();
  };
  const confirm = () => {
    if (!asking) return;
    act.mutate(
      { id: user.id, action: asking, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          onDone(t(`adminUsers.actionDone.${asking}`, { name }));
          close();
        },
      },
    );
  };
  const title = asking
    ? t('adminUsers.confirmTitle', { action: t(`adminUsers.actionTitle.${asking}`), name })
    : '';
  return (
    <>
      <div className="flex gap-2">
        {actionsFor(user).map((action) => (
          <Button
            key={action}
            size="sm"
            variant={action === 'approve' || action === 'reactivate' ? 'primary' : 'danger'}
            aria-label={`${t(`adminUsers.${action}`)} ${name}`}
            onClick={() => setAsking(action)}
          >
            {t(`adminUsers.${action}`)}
          </Button>
        ))}
      </div>
      <ReasonDialog
        open={asking !== null && withReason(asking)}
        title={title}
        label={t('adminUsers.reasonSent')}
        required
        reason={reason}
        onReasonChange={setReason}
        error={act.error}
        busy={act.isPending}
        onConfirm={confirm}
        onClose={close}
      />
      <UserConfirmDialog
        open={asking !== null && !withReason(asking)}
        title={title}
        error={act.error}
        busy={act.isPending}
        onConfirm={confirm}
        onClose={close}
      />
    </>
  );
}
