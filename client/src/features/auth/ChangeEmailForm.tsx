import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { lazyResolver } from '../../lib/lazyResolver.ts';
import { useSession } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert, Notice, useErrorMessage } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { applyServerErrors } from '../../ui/forms.ts';
import { type ChangeEmail, changeEmail } from './auth.api.ts';

const changeEmailResolver = lazyResolver<ChangeEmail>(async () => {
  const [{ zodResolver }, { changeEmailInput }] = await Promise.all([
    import('@hookform/resolvers/zod'),
    import('../../../../common/users.ts'),
  ]);
  return zodResolver(changeEmailInput);
});

/** A new address for the account (the password confirms it is the owner): unverified until its link is followed. */
export function ChangeEmailForm() {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const { setUser } = useSession();
  const form = useForm<ChangeEmail>({
    resolver: changeEmailResolver,
    defaultValues: { email: '', password: '' },
  });
  const change = useMutation({
    mutationFn: changeEmail,
    onSuccess: (user) => {
      setUser(user);
      form.reset({ email: '', password: '' });
    },
    onError: (e) => applyServerErrors(e, form.setError, message),
  });
  const { errors } = form.formState;
  return (
    <form
      onSubmit={form.handleSubmit((input) => change.mutate(input))}
      onFocus={changeEmailResolver.preload}
      noValidate
      className="space-y-4"
    >
      {change.isSuccess && (
        <Notice tone="success">{t('account.emailChanged', { email: change.data.email })}</Notice>
      )}
      {change.isError && !errors.email && <ErrorAlert error={change.error} />}
      <TextField
        label={t('account.newEmail')}
        type="email"
        autoComplete="email"
        error={errors.email?.message}
        {...form.register('email')}
      />
      <TextField
        label={t('account.confirmWithPassword')}
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register('password')}
      />
      <Button type="submit" busy={change.isPending}>
        {t('account.changeEmail')}
      </Button>
    </form>
  );
}
