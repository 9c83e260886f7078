import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { regionNames } from '../../../../common/reference.ts';
import type { User } from '../../../../common/users.ts';
import { formatDate } from '../../lib/format.ts';
import { lazyResolver } from '../../lib/lazyResolver.ts';
import { homePath, useSession, useUser } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, Notice, PageHeader, useErrorMessage } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { applyServerErrors } from '../../ui/forms.ts';
import { type ChangePassword, changePassword, fetchMe, useMyJoinRequest } from './auth.api.ts';
import { ChangeEmailForm } from './ChangeEmailForm.tsx';
import { MyDataCard } from './MyDataCard.tsx';

const changePasswordResolver = lazyResolver<ChangePassword>(async () => {
  const [{ zodResolver }, { changePasswordInput }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('../../../../common/users.ts'),
  ]);
  return zodResolver(changePasswordInput);
});

function ChangePasswordForm() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const form = useForm<ChangePassword>({ resolver: changePasswordResolver });
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => form.reset({ currentPassword: '', newPassword: '' }),
    onError: (e) => applyServerErrors(e, form.setError, message),
  });
  const { errors } = form.formState;
  return (
    <form
      onSubmit={form.handleSubmit((input) => change.mutate(input))}
      onFocus={changePasswordResolver.preload}
      noValidate
      className="space-y-4"
    >
      {change.isSuccess && <Notice tone="success">{t('account.passwordChanged')}</Notice>}
      {change.isError && <ErrorAlert error={change.error} />}
      <TextField
        label={t('account.currentPassword')}
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword?.message}
        {...form.register('currentPassword')}
      />
      <TextField
        label={t('account.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        error={errors.newPassword?.message}
        {...form.register('newPassword')}
      />
      <Button type="submit" busy={change.isPending}>
        {t('common.save')}
      </Button>
    </form>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const user = useUser();
  const rows: [string, string][] = [
    [t('auth.email'), user.email],
    [t('account.emailState'), user.emailVerified ? t('account.emailVerified') : t('account.emailUnverified')],
    [t('account.role'), t(`roles.${user.role}`)],
    [t('account.status'), t(`userStatus.${user.status}`)],
    [t('account.memberSince'), formatDate(user.createdAt)],
  ];
  if (user.company) {
    rows.push([t('auth.companyName'), user.company.name], [t('auth.siren'), user.company.siren]);
    rows.push([t('auth.region'), regionNames[user.company.region]]);
  }
  return (
    <>
      <PageHeader title={t('account.title')} />
      <div className="mb-6"></div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-4 text-lg font-semibold">
            {user.firstName} {user.lastName}
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {rows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="break-all font-medium">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">{t('account.changePassword')}</h2>
          <ChangePasswordForm />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">{t('account.changeEmail')}</h2>
          <ChangeEmailForm />
        </Card>
        <MyDataCard />
      </div>
    </>
  );
}

/** The title and text of the waiting page: an expert's application, or a client's request to join a company. */
function usePendingTexts(user: User) {
  const { t } = useTranslation();
  const joinRequest = useMyJoinRequest(user);
  const request = joinRequest.data?.request;
  if (request && user.status !== 'suspended') {
    const company = { company: request.company.name, siren: request.company.siren };
    return user.status === 'pending'
      ? { title: t('account.joinPendingTitle'), text: t('account.joinPendingText', company) }
      : {
          title: t('userStatus.rejected'),
          text: t('account.joinRejectedText', { ...company, reason: request.reason ?? '' }),
        };
  }
  if (user.status === 'pending') return { title: t('account.pendingTitle'), text: t('account.pendingText') };
  const text = user.status === 'rejected' ? t('account.rejectedText') : t('account.suspendedText');
  return { title: t(`userStatus.${user.status}`), text };
}

/** Where an expert (or a client asking to join a company) waits for approval, or learns of a rejection or suspension. */
export function PendingAccountPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { setUser } = useSession();
  const navigate = useNavigate();
  const { title, text } = usePendingTexts(user);
  const check = useMutation({
    mutationFn: fetchMe,
    onSuccess: (fresh) => {
      setUser(fresh);
      if (fresh.status === 'active') navigate(homePath(fresh), { replace: true });
    },
  });
  if (user.status === 'active') return <Navigate to={homePath(user)} replace />;
  return (
    <div className="mx-auto max-w-xl">
      <Card>
        <h1 className="mb-3 text-xl font-semibold">{title}</h1>
        <p className="mb-4 text-slate-700">{text}</p>
        {check.isError && <ErrorAlert error={check.error} />}
        {user.status === 'pending' && (
          <Button variant="secondary" busy={check.isPending} onClick={() => check.mutate()}>
            {t('account.refresh')}
          </Button>
        )}
      </Card>
    </div>
  );
}
