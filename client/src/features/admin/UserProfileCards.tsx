import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUserDetail } from '../../../../common/admin-users.ts';
import { regionNames } from '../../../../common/reference.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { Card } from '../../ui/Feedback.tsx';

/** A titled card of label/value rows. */
export function FactsCard({ title, rows }: { title: string; rows: [string, ReactNode][] }) {
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="min-w-0 break-words text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** Who the user is, their company or expert profile, and their activity. */
export function UserProfileCards({ detail }: { detail: AdminUserDetail }) {
  const { t } = useTranslation();
  const { user, company, expertProfile: profile, activity } = detail;
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : t('adminUsers.never'));
  const identity: [string, ReactNode][] = [
    [
      t('adminUsers.email'),
      <>
        {user.email}
        <span className="block text-slate-600">
          {user.emailVerified ? t('adminUsers.emailVerified') : t('adminUsers.emailNotVerified')}
        </span>
      </>,
    ],
    [t('admin.role'), t(`roles.${user.role}`)],
    [t('admin.status'), t(`userStatus.${user.status}`)],
    [t('adminUsers.language'), t(`languages.${user.locale}`)],
    [t('adminUsers.registered'), formatDate(user.createdAt)],
  ];
  if (user.statusReason) identity.push([t('adminUsers.statusReason'), user.statusReason]);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <FactsCard title={t('adminUsers.identity')} rows={identity} />
      {company && (
        <FactsCard
          title={t('adminUsers.company')}
          rows={[
            [t('admin.name'), company.name],
            [t('adminUsers.siren'), company.siren],
            [t('adminUsers.region'), regionNames[company.region]],
          ]}
        />
      )}
      {profile && (
        <FactsCard
          title={t('adminUsers.expertProfile')}
          rows={[
            [t('adminUsers.specialties'), profile.specialties.join(', ')],
            [t('adminUsers.regions'), profile.regions.map((r) => regionNames[r]).join(', ')],
            [
              t('adminUsers.load'),
              t('adminUsers.loadValue', { load: profile.activeLoad, capacity: profile.capacity }),
            ],
          ]}
        />
      )}
      <FactsCard
        title={t('adminUsers.activity')}
        rows={[
          [t('adminUsers.lastSignIn'), when(activity.lastSignInAt)],
          [t('adminUsers.lastSeen'), when(activity.lastSeenAt)],
          [
            t('adminUsers.dossiersCount'),
            t('adminUsers.dossiersValue', { total: activity.dossiers, open: activity.openDossiers }),
          ],
          [t('adminUsers.messagesSent'), activity.messagesSent],
        ]}
      />
    </div>
  );
}
