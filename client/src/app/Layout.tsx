import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { User } from '../../../common/users.ts';
import { useUnreadSummary } from '../features/messaging/unread.api.ts';
import { locales, setLocale } from '../i18n/index.ts';
import { setSessionLostHandler } from '../lib/api.ts';
import { homePath, useSession } from '../lib/session.tsx';
import { focusRing } from '../ui/Button.tsx';
import { EmptyState } from '../ui/Feedback.tsx';

type NavItem = { to: string; label: string; end?: boolean; badge?: 'unread' };

function UnreadBadge() {
  const { t } = useTranslation();
  const unread = useUnreadSummary();
  const total = unread.data?.total ?? 0;
  if (total === 0) return null;
  return (
    <span
      data-testid="unread-total"
      className="ml-1.5 rounded-full bg-blue-700 px-1.5 text-xs font-semibold text-white"
    >
      <span className="sr-only">{t('messaging.unread', { count: total })}</span>
      <span aria-hidden>{total}</span>
    </span>
  );
}

function navItems(user: User | null | undefined): NavItem[] {
  if (user?.status !== 'active') {
    return [
      { to: '/', label: 'nav.simulator', end: true },
      { to: '/experts', label: 'nav.experts' },
    ];
  }
  if (user.role === 'admin') {
    return [
      { to: '/admin', label: 'nav.users', end: true },
      { to: '/admin/dossiers', label: 'nav.dossiers' },
      { to: '/admin/adhesions', label: 'nav.joinRequests' },
      { to: '/messages', label: 'nav.messages', badge: 'unread' },
    ];
  }
  if (user.role === 'expert') {
    return [
      { to: '/expert', label: 'nav.myDossiers', end: true },
      { to: '/messages', label: 'nav.messages', badge: 'unread' },
      { to: '/expert/profil', label: 'nav.expertProfile' },
    ];
  }
  return [
    { to: '/espace', label: 'nav.myDossiers' },
    { to: '/messages', label: 'nav.messages', badge: 'unread' },
    { to: '/experts', label: 'nav.experts' },
    { to: '/', label: 'nav.simulator', end: true },
  ];
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${focusRing} ${
    isActive ? 'bg-blue-50 text-blue-800' : 'text-slate-700 hover:bg-slate-100'
  }`;

export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, logout, forget } = useSession();
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    setSessionLostHandler(() => {
      forget();
      const next = encodeURIComponent(`${window.location.pathname}${window.location.search}`);
      navigate(`/connexion?next=${next}&expired=1`, { replace: true });
    });
  }, [forget, navigate]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: move focus to the new page on each navigation
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);

  const otherLocale = locales.find((l) => l !== i18n.language) ?? 'fr';

  return (
    <div className="flex min-h-dvh flex-col">
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
            <span>{t('app.name')}</span>
          </Link>
          <nav
            aria-label={t('nav.menu')}
            className="order-3 -mx-1 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto"
          >
            {navItems(user).map((item) => (
              <NavLink key={item.to} to={item.to} end={item.end} className={linkClass}>
                {t(item.label)}
                {item.badge && <UnreadBadge />}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <button
              type="button"
              onClick={() => setLocale(otherLocale)}
              lang={otherLocale}
              aria-label={`${t('nav.language')}: ${t('nav.switchTo')}`}
              className={`rounded-md px-2 py-2 text-sm text-slate-600 hover:bg-slate-100 ${focusRing}`}
            >
              {otherLocale.toUpperCase()}
            </button>
            {user ? (
              <>
                <NavLink to="/compte" className={linkClass}>
                  <span className="sr-only sm:not-sr-only">{t('nav.account')}</span>
                  <span aria-hidden className="sm:hidden">
                    {user.firstName.slice(0, 1)}
                    {user.lastName.slice(0, 1)}
                  </span>
                </NavLink>
                <button
                  type="button"
                  onClick={async () => {
                    await logout();
                    navigate('/');
                  }}
                  className={`rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100 ${focusRing}`}
                >
                  {t('nav.logout')}
                </button>
              </>
            ) : (
              user === null && (
                <>
                  <NavLink to="/connexion" className={linkClass}>
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
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:py-8"
      >
        <Outlet />
      </main>
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
