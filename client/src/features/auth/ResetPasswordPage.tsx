import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { lazyResolver } from '../../lib/lazyResolver.ts';
import { useSession } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { resetPassword } from './auth.api.ts';

type NewPassword = { password: string };

const newPasswordResolver = lazyResolver<NewPassword>(async () => {
  const [{ zodResolver }, { resetPasswordInput }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('../../../../common/users.ts'),
  ]);
  return zodResolver(resetPasswordInput.pick({ password: true }));
});

const linkClass = 'font-medium text-blue-700 underline';

/** `/reinitialiser-mot-de-passe?token=…`, opened from the reset e-mail: the new password, then every session ends. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { forget } = useSession();
  const form = useForm<NewPassword>({ resolver: newPasswordResolver, defaultValues: { password: '' } });
  const reset = useMutation({
    mutationFn: ({ password }: NewPassword) => resetPassword({ token: token ?? '', password }),
    // Every session of the account has ended, this browser's too.
    onSuccess: forget,
  });
  const { errors } = form.formState;
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-2 text-2xl font-semibold">{t('accountEmail.resetTitle')}</h1>
        {token === null ? (
          <div className="space-y-4">
            <Notice>{t('accountEmail.linkIncomplete')}</Notice>
            <Link to="/mot-de-passe-oublie" className={`text-sm ${linkClass}`}>
              {t('accountEmail.newResetLink')}
            </Link>
          </div>
        ) : reset.isSuccess ? (
          <div className="space-y-4">
            <Notice tone="success">{t('accountEmail.resetDone')}</Notice>
            <Link to="/connexion" className={`text-sm ${linkClass}`}>
              {t('accountEmail.signIn')}
            </Link>
          </div>
        ) : (
          <>
            <p className="mb-4 text-sm text-slate-600">{t('accountEmail.resetIntro')}</p>
            {reset.isError && (
              <div className="mb-4 space-y-2">
                <ErrorAlert error={reset.error} />
                <Link to="/mot-de-passe-oublie" className={`text-sm ${linkClass}`}>
                  {t('accountEmail.newResetLink')}
                </Link>
              </div>
            )}
            <form
              onSubmit={form.handleSubmit((input) => reset.mutate(input))}
              onFocus={newPasswordResolver.preload}
              noValidate
              className="space-y-4"
            >
              <TextField
                label={t('account.newPassword')}
                type="password"
                autoComplete="new-password"
                hint={t('auth.passwordHint')}
                error={errors.password?.message}
                {...form.register('password')}
              />
              <Button type="submit" busy={reset.isPending} className="w-full">
                {t('accountEmail.resetSubmit')}
              </Button>
            </form>
          </>
        )}
      </Card>
    </div>
  );
}
