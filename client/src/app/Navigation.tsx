import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { User } from '../../../common/users.ts';
import { useUnreadSummary } from '../features/messaging/unread.api.ts';
import { focusRing } from '../ui/Button.tsx';
import {
  CalculatorIcon,
  ChartIcon,
  ChatIcon,
  DocumentIcon,
  FolderIcon,
  PeopleIcon,
  PersonIcon,
  SignInIcon,
} from '../ui/icons.tsx';

type NavItem = {
  to: string;
  label: string;
  Icon: ComponentType<{ className?: string }>;
  end?: boolean;
  badge?: 'unread';
};

function UnreadBadge({ className }: { className: string }) {
  const { t } = useTranslation();
  const unread = useUnreadSummary();
  const total = unread.data?.total ?? 0;
  if (total === 0) return null;
  return (
    <span
      data-testid="unread-total"
      className={`rounded-full bg-blue-700 px-1.5 text-xs font-semibold text-white ${className}`}
    >
      <span className="sr-only">{t('messaging.unread', { count: total })}</span>
      <span aria-hidden>{total}</span>
    </span>
  );
}

const simulator: NavItem = { to: '/', label: 'nav.simulator', Icon: CalculatorIcon, end: true };
const experts: NavItem = { to: '/experts', label: 'nav.experts', Icon: PeopleIcon };
const messages: NavItem = { to: '/messages', label: 'nav.messages', Icon: ChatIcon, badge: 'unread' };
const documents: NavItem = { to: '/documents', label: 'documentShell.nav', Icon: DocumentIcon };
const reports: NavItem = { to: '/rapports', label: 'nav.reports', Icon: ChartIcon };

/** The sections of the app for this reader, in the order both navigations show them. */
function navItems(user: User | null | undefined): NavItem[] {
  // While a session is being restored (undefined), no link yet: a visitor's links replaced by the user's would shift.
  if (user === undefined) return [];
  if (user?.status !== 'active') return [simulator, experts];
  if (user.role === 'admin') {
    return [
      // The other admin pages are a click away, on the dashboard.
      { to: '/admin', label: 'admin.dashboardNav', Icon: ChartIcon, end: true },
      { to: '/admin/utilisateurs', label: 'nav.users', Icon: PeopleIcon },
      { to: '/admin/dossiers', label: 'nav.dossiers', Icon: FolderIcon },
      messages,
      reports,
    ];
  }
  if (user.role === 'expert') {
    return [
      { to: '/expert', label: 'nav.myDossiers', Icon: FolderIcon, end: true },
      messages,
      documents,
      reports,
      { to: '/expert/profil', label: 'nav.expertProfile', Icon: PersonIcon },
    ];
  }
  return [
    { to: '/espace', label: 'nav.myDossiers', Icon: FolderIcon },
    documents,
    messages,
    reports,
    experts,
    simulator,
  ];
}

export const headerLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${focusRing} ${
    isActive ? 'bg-blue-50 text-blue-800' : 'text-slate-700 hover:bg-slate-100'
  }`;

/** The header's navigation, from the tablet width up. */
export function TopNavigation({ user }: { user: User | null | undefined }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.menu')} className="hidden gap-1 md:flex">
      {navItems(user).map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end} className={headerLinkClass}>
          {t(item.label)}
          {item.badge && <UnreadBadge className="ml-1.5" />}
        </NavLink>
      ))}
    </nav>
  );
}

const tabClass = ({ isActive }: { isActive: boolean }) =>
  `relative flex min-h-14 flex-1 flex-col items-center justify-center gap-0.5 px-1 text-[11px] leading-tight font-medium ${focusRing} focus-visible:-outline-offset-2 ${
    isActive ? 'text-blue-800' : 'text-slate-700'
  }`;

/**
 * On phones and small tablets, the sections as a tab bar fixed at the bottom of the screen, where a thumb reaches; a visitor also
 * finds the sign-in there.
 */
export function TabBarNavigation({ user }: { user: User | null | undefined }) {
  const { t } = useTranslation();
  const items: NavItem[] =
    user === null
      ? [...navItems(user), { to: '/connexion', label: 'nav.login', Icon: SignInIcon }]
      : navItems(user);
  return (
    <nav
      aria-label={t('nav.menu')}
      className="fixed inset-x-0 bottom-0 z-20 flex min-h-14 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
    >
      {items.map(({ to, label, end, badge, Icon }) => (
        <NavLink key={to} to={to} end={end} className={tabClass}>
          {({ isActive }) => (
            <>
              <Icon className={`text-xl ${isActive ? 'text-blue-700' : 'text-slate-600'}`} />
              <span className="max-w-full truncate">{t(label)}</span>
              {badge && <UnreadBadge className="absolute top-1 left-1/2 ml-2" />}
            </>
          )}
        </NavLink>
      ))}
    </nav>
  );
}
