import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { homePath, useSession } from '../../lib/session.tsx';
import { Card, ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { fetchMe, verifyEmail } from './auth.api.ts';

const linkClass = 'font-medium text-blue-700 underline';

/** Opened from the verification e-mail (`/verifier-email?token=…`): confirms the address at once. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const { user, setUser } = useSession();
  const verification = useMutation({
    mutationFn: async (linkToken: string) => {
      await verifyEmail(linkToken);
      // A signed-in user's reminder goes at once.
      if (user) await fetchMe().then(setUser, () => {});
    },
  });
  // The link is followed once per visit: the effect runs twice in development (StrictMode), the ref stays.
  const followed = useRef(false);
  useEffect(() => {
    if (token === null || followed.current) return;
    followed.current = true;
    verification.mutate(token);
  }, [token, verification.mutate]);
  const verified = verification.isSuccess;

  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-4 text-2xl font-semibold">{t('accountEmail.verifyTitle')}</h1>
        <div className="space-y-4">
          {token === null && <Notice>{t('accountEmail.linkIncomplete')}</Notice>}
          {!verification.isSuccess && !verification.isError && token !== null && (
            <p role="status">{t('accountEmail.verifying')}</p>
          )}
          {verified && <Notice tone="success">{t('accountEmail.verified')}</Notice>}
          {verification.isError && (
            <>
              <ErrorAlert error={verification.error} />
              <p className="text-sm text-slate-600">{t('accountEmail.verifyFailedHint')}</p>
            </>
          )}
          <p className="text-sm">
            {user ? (
              <Link to={verified ? homePath(user) : '/compte'} className={linkClass}>
                {verified ? t('accountEmail.continue') : t('accountEmail.toAccount')}
              </Link>
            ) : (
              <Link to="/connexion" className={linkClass}>
                {t('accountEmail.signIn')}
              </Link>
            )}
          </p>
        </div>
      </Card>
    </div>
  );
}
