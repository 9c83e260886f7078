import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { focusRing } from '../../ui/Button.tsx';
import {
  BellIcon,
  ChartIcon,
  ClockIcon,
  DocumentIcon,
  FolderIcon,
  InboxIcon,
  MailIcon,
  MegaphoneIcon,
  PeopleIcon,
  PersonIcon,
  PinIcon,
} from '../../ui/icons.tsx';

/** Every admin page, from the dashboard: the shell's navigation keeps only the daily ones. */
const sections: { key: string; to: string; Icon: ComponentType<{ className?: string }> }[] = [
  { key: 'attention', to: '/admin/a-traiter', Icon: BellIcon },
  { key: 'users', to: '/admin/utilisateurs', Icon: PeopleIcon },
  { key: 'dossiers', to: '/admin/dossiers', Icon: FolderIcon },
  { key: 'assignments', to: '/admin/affectations', Icon: PersonIcon },
  { key: 'joinRequests', to: '/admin/adhesions', Icon: InboxIcon },
  { key: 'alerts', to: '/alerts', Icon: PinIcon },
  { key: 'workflows', to: '/admin/workflows', Icon: DocumentIcon },
  { key: 'audit', to: '/admin/audit', Icon: ClockIcon },
  { key: 'performance', to: '/admin/performances', Icon: ChartIcon },
  { key: 'announcements', to: '/admin/announcements', Icon: MegaphoneIcon },
  { key: 'emails', to: '/admin/emails', Icon: MailIcon },
];

export function SectionGrid() {
  const { t } = useTranslation();
  return (
    <nav aria-labelledby="admin-sections" className="mt-8">
      <h2 id="admin-sections" className="mb-3 text-lg font-semibold text-slate-900">
        {t('dashboard.sections.title')}
      </h2>
      <ul className="grid grid-cols-1 gap-2 min-[480px]:grid-cols-2 lg:grid-cols-4">
        {sections.map(({ key, to, Icon }) => (
          <li key={key}>
            <Link
              to={to}
              className={`flex h-full items-start gap-3 rounded-xl border border-slate-200 bg-white p-3 hover:border-blue-300 hover:bg-blue-50 ${focusRing}`}
            >
              <Icon className="mt-0.5 text-lg text-blue-700" />
              <span>
                <span className="block text-sm font-medium text-slate-900">
                  {t(`dashboard.sections.${key}.title`)}
                </span>
                <span className="block text-xs text-slate-600">
                  {t(`dashboard.sections.${key}.description`)}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
