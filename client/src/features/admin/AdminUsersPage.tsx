import '../../i18n/admin-users-pages.ts';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { adminUserSorts } from '../../../../common/admin-user-sorts.ts';
import { regionNames, regions } from '../../../../common/reference.ts';
import { roles, userStatuses } from '../../../../common/roles.ts';
import { formatDate } from '../../lib/format.ts';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { PageHeader } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { useAdminUsers } from './admin.api.ts';
import { PeopleList, PersonRow } from './PeopleList.tsx';
import { UserStatusActions } from './UserStatusActions.tsx';
import { userStatusTone } from './userStatusTone.ts';
import { useUserFilters } from './useUserFilters.ts';

// The list as a CSV or XLSX file (the reports' exports, with the list's filters), loaded after the page.
const ExportListButton = lazyPart('reports/ExportListButton', () =>
  import('../reports/reports.embeds.ts').then((m) => m.ExportListButton),
);

/** The admins' users list: search, filters and order kept in the URL, each user one click from their page. */
export function AdminUsersPage() {
  const { t } = useTranslation();
  const products = useProducts();
  const { filters, raw, set, clear, filtered } = useUserFilters();
  const [q, setQ] = useState(raw('q'));
  const search = useDebouncedValue(q.trim());
  const users = useAdminUsers({ ...filters, q: search || undefined });
  const [done, setDone] = useState<string | null>(null);
  const select = (key: Parameters<typeof set>[0]) => (e: { target: { value: string } }) =>
    set(key, e.target.value);

  return (
    <>
      <PageHeader title={t('adminUsers.usersTitle')}>
        <Suspense fallback={null}>
          <ExportListButton
            list="users"
            filters={{ ...filters, q: search || undefined }}
            className="ml-auto"
          />
        </Suspense>
      </PageHeader>
      <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          label={t('common.search')}
          type="search"
          placeholder={t('admin.searchUsers')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            set('q', e.target.value.trim());
          }}
        />
        <SelectField
          label={t('admin.role')}
          value={filters.role ?? ''}
          placeholder={t('common.all')}
          options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          onChange={select('role')}
        />
        <SelectField
          label={t('admin.status')}
          value={filters.status ?? ''}
          placeholder={t('common.all')}
          options={userStatuses.map((s) => ({ value: s, label: t(`userStatus.${s}`) }))}
          onChange={select('status')}
        />
        <SelectField
          label={t('adminUsers.region')}
          value={filters.region ?? ''}
          placeholder={t('common.all')}
          options={regions.map((r) => ({ value: r, label: regionNames[r] }))}
          onChange={select('region')}
        />
        <SelectField
          label={t('adminUsers.product')}
          value={filters.product ?? ''}
          placeholder={t('common.all')}
          options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={select('product')}
        />
        <TextField
          label={t('adminUsers.createdFrom')}
          type="date"
          value={filters.createdFrom ?? ''}
          onChange={select('createdFrom')}
        />
        <TextField
          label={t('adminUsers.createdTo')}
          type="date"
          value={filters.createdTo ?? ''}
          onChange={select('createdTo')}
        />
        <SelectField
          label={t('adminUsers.sort')}
          value={filters.sort}
          options={adminUserSorts.map((s) => ({ value: s, label: t(`adminUsers.sorts.${s}`) }))}
          onChange={select('sort')}
        />
      </div>
      {filtered && (
        <div className="mb-4">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setQ('');
              clear();
            }}
          >
            {t('adminUsers.clearFilters')}
          </Button>
        </div>
      )}
      <PeopleList query={users} emptyTitle={t('adminUsers.noUsers')} done={done} actionError={null}>
        {(u) => (
          <PersonRow
            key={u.id}
            testId="user-row"
            name={
              <>
                <Link to={`/admin/utilisateurs/${u.id}`} className="text-blue-700 hover:underline">
                  {u.firstName} {u.lastName}
                </Link>{' '}
                <span className="text-sm font-normal text-slate-600">· {t(`roles.${u.role}`)}</span>
              </>
            }
            email={u.email}
            details={
              <p className="text-xs text-slate-600">
                {u.companyName ?? u.specialties?.join(', ')} · {t('adminUsers.registeredOn')}{' '}
                {formatDate(u.createdAt)} ·{' '}
                {t('adminUsers.lastActivity', { date: formatDate(u.lastActivityAt) })}
                {!u.emailVerified && (
                  <span className="font-medium text-amber-800"> · {t('adminUsers.emailUnverified')}</span>
                )}
              </p>
            }
          >
            <span className={`text-sm font-medium ${userStatusTone[u.status]}`}>
              {t(`userStatus.${u.status}`)}
            </span>
            <UserStatusActions user={u} onDone={setDone} />
          </PersonRow>
        )}
      </PeopleList>
    </>
  );
}
