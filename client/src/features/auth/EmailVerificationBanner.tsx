import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { resendVerification } from './auth.api.ts';

/**
 * The reminder of a signed-in user whose address is not verified (they can use the app meanwhile), with a way to
 * have the link sent again. Nothing for anyone else.
 */
export function EmailVerificationBanner() {
  const { t } = useTranslation();
  const { user } = useSession();
  const resend = useMutation({ mutationFn: resendVerification });
  if (!user || user.emailVerified) return null;
  return (
    <section
      aria-labelledby="email-verification-title"
      className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
    >
      <h2 id="email-verification-title" className="font-semibold">
        {t('accountEmail.unverifiedTitle')}
      </h2>
      <p className="mt-1">{t('accountEmail.unverifiedText', { email: user.email })}</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Button size="sm" variant="secondary" busy={resend.isPending} onClick={() => resend.mutate()}>
          {t('accountEmail.resend')}
        </Button>
        {resend.isSuccess && <p role="status">{t('accountEmail.resent', { email: user.email })}</p>}
      </div>
      {resend.isError && (
        <div className="mt-3">
          <ErrorAlert error={resend.error} />
        </div>
      )}
    </section>
  );
}
