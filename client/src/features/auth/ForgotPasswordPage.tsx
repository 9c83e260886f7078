import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { lazyResolver } from '../../lib/lazyResolver.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { forgotPassword } from './auth.api.ts';

type ForgotInput = { email: string };

const forgotResolver = lazyResolver<ForgotInput>(async () => {
  const [{ zodResolver }, { forgotPasswordInput }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('../../../../common/users.ts'),
  ]);
  return zodResolver(forgotPasswordInput);
});

/** `/mot-de-passe-oublie`: asks for a reset link; the answer never tells whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useForm<ForgotInput>({ resolver: forgotResolver, defaultValues: { email: '' } });
  const request = useMutation({ mutationFn: (input: ForgotInput) => forgotPassword(input.email) });
  const { errors } = form.formState;
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-2 text-2xl font-semibold">{t('accountEmail.forgotTitle')}</h1>
        <p className="mb-4 text-sm text-slate-600">{t('accountEmail.forgotIntro')}</p>
        <div className="mb-4 space-y-3">
          {request.isSuccess && (
            <Notice tone="success">{t('accountEmail.forgotSent', { email: request.variables.email })}</Notice>
          )}
          <ErrorAlert error={request.error} />
        </div>
        <form
          onSubmit={form.handleSubmit((input) => request.mutate(input))}
          onFocus={forgotResolver.preload}
          noValidate
          className="space-y-4"
        >
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            error={errors.email?.message}
            {...form.register('email')}
          />
          <Button type="submit" busy={request.isPending} className="w-full">
            {t('accountEmail.forgotSubmit')}
          </Button>
        </form>
        <p className="mt-4 text-center text-sm">
          <Link to="/connexion" className="font-medium text-blue-700 underline">
            {t('auth.backToLogin')}
          </Link>
        </p>
      </Card>
    </div>
  );
}
