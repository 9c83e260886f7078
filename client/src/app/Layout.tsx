import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { locales, setLocale } from '../i18n/index.ts';
import { setSessionLostHandler } from '../lib/api.ts';
import { homePath, useSession } from '../lib/session.tsx';
import { focusRing } from '../ui/Button.tsx';
import { EmptyState, LoadingRows } from '../ui/Feedback.tsx';
import { HydrateLater } from '../ui/HydrateLater.tsx';
import { SignOutIcon } from '../ui/icons.tsx';
import { lazyPart } from '../ui/lazyPart.tsx';
import { useOnline } from '../ui/useOnline.ts';
import { useUnavailableUntilTakenOver } from '../ui/useUnavailableUntilTakenOver.ts';
import { headerLinkClass, TabBarNavigation, TopNavigation } from './Navigation.tsx';

// The notification bell and the push prompt are for signed-in users: their code loads after the page's.
const loadNotifications = () => import('../features/notifications/notifications.shell.ts');
const NotificationBell = lazyPart('notifications/NotificationBell', () =>
  loadNotifications().then((m) => m.NotificationBell),
);
const PushPromptSlot = lazyPart('notifications/PushPromptSlot', () =>
  loadNotifications().then((m) => m.PushPromptSlot),
);
// Experts and admins see their alerts still to handle; its code loads after the page's, like the bell's.
const AlertBadge = lazyPart('workflows/AlertBadge', () =>
  import('../features/workflows/workflows.shell.ts').then((m) => m.AlertBadge),
);
// Only an account whose address is not verified yet sees it.
const EmailVerificationBanner = lazyPart('auth/EmailVerificationBanner', () =>
  import('../features/auth/auth.embeds.ts').then((m) => m.EmailVerificationBanner),
);

export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, logout, forget } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const online = useOnline();
  const unavailable = useUnavailableUntilTakenOver();

  useEffect(() => {
    setSessionLostHandler(() => {
      forget();
      const next = encodeURIComponent(`${window.location.pathname}${window.location.search}`);
      navigate(`/connexion?next=${next}&expired=1`, { replace: true });
    });
  }, [forget, navigate]);

  // Focus moves to the new page on each navigation, not on the first page: a page rendered ahead may have its focus
  // already placed by the visitor when the app takes it over.
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);

  const otherLocale = locales.find((l) => l !== i18n.language) ?? 'fr';

  return (
    <div className="flex min-h-dvh flex-col pb-[calc(3.5rem+env(safe-area-inset-bottom))] md:pb-0">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        {t('app.skip')}
      </a>
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link
            to={user ? homePath(user) : '/'}
            className={`flex items-center gap-2 font-semibold text-blue-800 ${focusRing}`}
          >
            <img src="/favicon.svg" alt="" className="size-7" />
            {/* Signed in, the header's right side holds up to five buttons: on a phone the name would wrap it. */}
            <span className={user ? 'max-[30rem]:sr-only' : 'max-[25rem]:sr-only'}>{t('app.name')}</span>
          </Link>
          <HydrateLater>
            <TopNavigation user={user} />
          </HydrateLater>
          <div className="ml-auto flex items-center gap-1">
            <button
              type="button"
              {...unavailable}
              onClick={() => setLocale(otherLocale)}
              className={`rounded-md px-2 py-2 text-sm text-slate-700 hover:bg-slate-100 ${focusRing}`}
            >
              <span className="sr-only">{t('nav.language')} </span>
              <span lang={otherLocale}>{otherLocale.toUpperCase()}</span>
              <span className="sr-only" lang={otherLocale}>
                {` (${t('nav.switchTo')})`}
              </span>
            </button>
            {user ? (
              <>
                {user.status === 'active' && user.role !== 'client' && (
                  <Suspense fallback={<span aria-hidden className="size-9" />}>
                    <AlertBadge />
                  </Suspense>
                )}
                <Suspense fallback={<span aria-hidden className="size-9" />}>
                  <NotificationBell />
                </Suspense>
                <NavLink to="/compte" className={headerLinkClass}>
                  <span className="sr-only md:not-sr-only">{t('nav.account')}</span>
                  <span aria-hidden className="md:hidden">
                    {user.firstName.slice(0, 1)}
                    {user.lastName.slice(0, 1)}
                  </span>
                </NavLink>
                <button
                  type="button"
                  {...unavailable}
                  onClick={async () => {
                    // Pushes to this browser were this user's: they stop with the session.
                    await loadNotifications()
                      .then((m) => m.disablePush())
                      .catch(() => {});
                    await logout();
                    navigate('/');
                  }}
                  className={`rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 ${focusRing}`}
                >
                  <SignOutIcon className="text-lg md:hidden" />
                  <span className="max-md:sr-only">{t('nav.logout')}</span>
                </button>
              </>
            ) : (
              user === null && (
                <>
                  <NavLink to="/connexion" className={(state) => `max-md:hidden ${headerLinkClass(state)}`}>
                    {t('nav.login')}
                  </NavLink>
                  <Link
                    to="/inscription"
                    className={`rounded-md bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800 ${focusRing}`}
                  >
                    {t('nav.register')}
                  </Link>
                </>
              )
            )}
          </div>
        </div>
      </header>
      {!online && (
        <p role="status" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          {t('app.offline')}
        </p>
      )}
      {user && !user.emailVerified && (
        <div className="mx-auto w-full max-w-6xl px-4 pt-4">
          <Suspense>
            <EmailVerificationBanner />
          </Suspense>
        </div>
      )}
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto min-h-dvh w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:py-8"
      >
        {/* The page is taken over in a task of its own, after the header: one long task kept a phone from answering. */}
        <HydrateLater>
          <div className="contents">
            {/* A page whose code is still loading: the header and the tab bar stay. */}
            <Suspense fallback={<LoadingRows />}>
              <Outlet />
            </Suspense>
          </div>
        </HydrateLater>
      </main>
      <HydrateLater>
        <TabBarNavigation user={user} />
      </HydrateLater>
      {user?.status === 'active' && (
        <Suspense fallback={null}>
          <PushPromptSlot userId={user.id} />
        </Suspense>
      )}
      <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-500">
        © {new Date().getFullYear()} {t('app.name')} — {t('app.tagline')}
      </footer>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t('common.notFound')}>
      <p>{t('common.notFoundText')}</p>
      <Link to="/" className="mt-3 inline-block font-medium text-blue-700 underline">
        {t('common.home')}
      </Link>
    </EmptyState>
  );
}
