import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { LoginInput } from '../../../../common/users.ts';
import { lazyResolver } from '../../lib/lazyResolver.ts';
import { homePath, useSession } from '../../lib/session.tsx';
import { hasPendingSimulation, openPendingSimulation } from '../../shared/pendingSimulation.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { safeNext } from '../../ui/forms.ts';

const loginResolver = lazyResolver<LoginInput>(async () => {
  const [{ zodResolver }, { loginInput }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('../../../../common/users.ts'),
  ]);
  return zodResolver(loginInput);
});

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginInput>({ resolver: loginResolver });

  const onSubmit = handleSubmit(async (input) => {
    setError(null);
    try {
      const user = await login(input);
      const opened = user.role === 'client' && (await openPendingSimulation());
      navigate(opened ? '/espace' : (safeNext(params.get('next')) ?? homePath(user)), { replace: true });
    } catch (e) {
      setError(e);
    }
  });

  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-4 text-2xl font-semibold">{t('auth.loginTitle')}</h1>
        <div className="mb-4 space-y-3">
          {params.get('expired') && <Notice>{t('auth.sessionExpired')}</Notice>}
          {hasPendingSimulation() && <Notice>{t('simulator.pendingAfterRegister')}</Notice>}
          <ErrorAlert error={error} />
        </div>
        <form onSubmit={onSubmit} onFocus={loginResolver.preload} noValidate className="space-y-4">
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            error={errors.email?.message}
            {...register('email')}
          />
          <TextField
            label={t('auth.password')}
            type="password"
            autoComplete="current-password"
            error={errors.password?.message}
            {...register('password')}
          />
          <p className="text-right text-sm">
            <Link to="/mot-de-passe-oublie" className="font-medium text-blue-700 underline">
              {t('auth.forgotLink')}
            </Link>
          </p>
          <Button type="submit" busy={isSubmitting} className="w-full">
            {t('auth.submitLogin')}
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-slate-600">
          {t('auth.noAccount')}{' '}
          <Link to="/inscription" className="font-medium text-blue-700 underline">
            {t('nav.register')}
          </Link>
        </p>
      </Card>
    </div>
  );
}
