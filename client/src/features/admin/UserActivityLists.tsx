import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminUserDetail } from '../../../../common/admin-users.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Card, EmptyState } from '../../ui/Feedback.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { useDossierList } from '../dossiers/dossiers.api.ts';
import { useAdminUserAudit } from './users.api.ts';

const listClass = 'divide-y divide-slate-200 rounded-lg border border-slate-200';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </Card>
  );
}

/** A client's company's dossiers, or those assigned to an expert, each a link to the dossier. */
export function UserDossiers({ detail }: { detail: AdminUserDetail }) {
  const { t } = useTranslation();
  const owner = detail.company ? { companyId: detail.company.id } : { expertId: detail.user.id };
  const dossiers = useDossierList(owner);
  return (
    <Section title={t('adminUsers.dossiers')}>
      <PagedList
        query={dossiers}
        empty={<p className="text-sm text-slate-600">{t('adminUsers.noDossiers')}</p>}
        className={listClass}
        loadMoreClassName="mt-3"
      >
        {(d) => (
          <li key={d.id} className="flex flex-wrap justify-between gap-2 p-3 text-sm">
            <Link to={`/dossiers/${d.id}`} className="font-medium text-blue-700 underline">
              {d.reference}
            </Link>
            <span className="text-slate-600">
              {d.product.name} · {t(`status.${d.status}`)}
            </span>
          </li>
        )}
      </PagedList>
    </Section>
  );
}

export function UserSessions({ sessions }: { sessions: AdminUserDetail['sessions'] }) {
  const { t } = useTranslation();
  return (
    <Section title={t('adminUsers.sessions')}>
      {sessions.length === 0 ? (
        <p className="text-sm text-slate-600">{t('adminUsers.noSessions')}</p>
      ) : (
        <ul className={listClass} data-testid="user-sessions">
          {sessions.map((s) => (
            <li key={s.id} className="p-3 text-sm">
              <p className="break-words font-medium">{s.userAgent ?? t('adminUsers.unknownDevice')}</p>
              <p className="text-slate-600">
                {s.ip} ·{' '}
                {t('adminUsers.sessionStarted', {
                  date: formatDateTime(s.startedAt),
                  used: formatDateTime(s.lastUsedAt),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function UserAuditTrail({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const audit = useAdminUserAudit(userId);
  return (
    <Section title={t('adminUsers.audit')}>
      <PagedList
        query={audit}
        empty={<EmptyState title={t('adminUsers.noAudit')} />}
        className={listClass}
        loadMoreClassName="mt-3"
      >
        {(entry) => (
          <li key={entry.id} className="p-3 text-sm" data-testid="audit-entry">
            <p>
              <code className="font-medium">{entry.action}</code>{' '}
              <span className="text-slate-600">
                {entry.actorName
                  ? t('adminUsers.byActor', { name: entry.actorName })
                  : t('adminUsers.bySystem')}{' '}
                · {formatDateTime(entry.createdAt)}
              </span>
            </p>
          </li>
        )}
      </PagedList>
    </Section>
  );
}
