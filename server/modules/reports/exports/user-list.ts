import type { z } from 'zod';
import type { userExportFilters } from '../../../../common/reports.ts';
import { forbidden } from '../../../platform/errors.ts';
import { searchWords } from '../../admin/users-list.query.ts';
import { usersListRepo } from '../../admin/users-list.repo.ts';
import type { ListSource } from './list-source.ts';

const PAGE_ROWS = 100;

const labels = {
  fr: {
    name: 'Nom',
    email: 'E-mail',
    role: 'Rôle',
    status: 'Statut',
    company: 'Entreprise',
    specialties: 'Spécialités',
    created: 'Inscrit le',
    lastActivity: 'Dernière activité',
  },
  en: {
    name: 'Name',
    email: 'E-mail',
    role: 'Role',
    status: 'Status',
    company: 'Company',
    specialties: 'Specialties',
    created: 'Signed up on',
    lastActivity: 'Last activity',
  },
};

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });
const dayOf = (at: Date | null) => (at ? parisDay.format(at) : null);

/** The admins' user list (experts with `role: 'expert'`), with its filters, walked in its own order. */
export const userList: ListSource<z.output<typeof userExportFilters>> = {
  name: 'utilisateurs',
  title: (locale) => (locale === 'fr' ? 'Utilisateurs' : 'Users'),
  check: (_db, actor) => {
    if (actor.role !== 'admin') throw forbidden();
  },
  columns: (locale) => {
    const l = labels[locale];
    return [
      { key: 'name', label: l.name, format: 'text' },
      { key: 'email', label: l.email, format: 'text' },
      { key: 'role', label: l.role, format: 'text' },
      { key: 'status', label: l.status, format: 'text' },
      { key: 'company', label: l.company, format: 'text' },
      { key: 'specialties', label: l.specialties, format: 'text' },
      { key: 'created', label: l.created, format: 'date' },
      { key: 'lastActivity', label: l.lastActivity, format: 'date' },
    ];
  },
  count: async () => null,
  async *pages(db, _actor, { q, ...filters }) {
    let after: readonly [string, string] | undefined;
    for (;;) {
      const rows = await usersListRepo.list(db, {
        ...filters,
        words: searchWords(q),
        after,
        limit: PAGE_ROWS,
      });
      const page = rows.slice(0, PAGE_ROWS);
      yield page.map((u) => ({
        name: `${u.firstName} ${u.lastName}`,
        email: u.email,
        role: u.role,
        status: u.status,
        company: u.companyName,
        specialties: u.specialties?.join(', ') ?? null,
        created: dayOf(u.createdAt),
        lastActivity: dayOf(u.lastActivityAt),
      }));
      if (rows.length <= PAGE_ROWS) return;
      const last = page.at(-1)!;
      after = [last.sortKey, last.id];
    }
  },
};
