import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnouncementSegment } from '../../../../common/announcements.ts';
import { dossierStatuses } from '../../../../common/dossier-lifecycle.ts';
import { regionNames, regions } from '../../../../common/reference.ts';
import { roles } from '../../../../common/roles.ts';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { CheckboxGroup, TextField } from '../../ui/Field.tsx';
import { useAdminUsers } from './admin.api.ts';

export const emptySegment: AnnouncementSegment = {
  roles: [],
  regions: [],
  products: [],
  dossierStatuses: [],
  specialties: [],
  userIds: [],
};

type Person = { id: string; name: string };

type Props = {
  segment: AnnouncementSegment;
  onChange: (segment: AnnouncementSegment) => void;
};

/** The active users matching a search, except those already chosen, each a button that adds them. */
function Candidates({
  search,
  exclude,
  onPick,
}: {
  search: string;
  exclude: string[];
  onPick: (p: Person) => void;
}) {
  const { t } = useTranslation();
  const found = useAdminUsers({ q: search, status: 'active' }, 5);
  const candidates = (found.data?.pages[0]?.items ?? []).filter((u) => !exclude.includes(u.id));
  if (candidates.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label={t('announcements.addUser')}>
      {candidates.map((u) => {
        const name = `${u.firstName} ${u.lastName}`;
        return (
          <li key={u.id}>
            <Button size="sm" variant="secondary" onClick={() => onPick({ id: u.id, name })}>
              + {name} · {t(`roles.${u.role}`)}
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

/** People picked one by one: a search among the users, and the chosen ones, each removable. */
function PeoplePicker({ segment, onChange }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim());
  // The names of the chosen ones, which the segment (ids only) does not hold.
  const [chosen, setChosen] = useState<Person[]>([]);
  const picked = chosen.filter((p) => segment.userIds.includes(p.id));

  return (
    <div className="space-y-2">
      <TextField
        label={t('announcements.addUser')}
        type="search"
        placeholder={t('admin.searchUsers')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {search.length >= 2 && (
        <Candidates
          search={search}
          exclude={segment.userIds}
          onPick={(person) => {
            setChosen([...picked, person]);
            onChange({ ...segment, userIds: [...segment.userIds, person.id] });
          }}
        />
      )}
      {picked.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label={t('announcements.users')}>
          {picked.map((p) => (
            <li
              key={p.id}
              className="flex items-center gap-1 rounded-full border border-blue-600 bg-blue-50 py-0.5 pr-1 pl-3 text-sm text-blue-800"
            >
              {p.name}
              <button
                type="button"
                aria-label={t('announcements.removeUser', { name: p.name })}
                className="rounded-full px-1.5 hover:bg-blue-100"
                onClick={() => onChange({ ...segment, userIds: segment.userIds.filter((id) => id !== p.id) })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Who receives an announcement (common/announcements.ts defines how the criteria combine). */
export function SegmentPicker({ segment, onChange }: Props) {
  const { t } = useTranslation();
  const products = (useProducts().data ?? []).map((p) => ({ value: p.code, label: p.name }));
  const group = (
    field: Exclude<keyof AnnouncementSegment, 'userIds'>,
    options: { value: string; label: string }[],
  ) => (
    <CheckboxGroup
      name={field}
      legend={t(`announcements.${field === 'dossierStatuses' ? 'statuses' : field}`)}
      options={options}
      value={segment[field]}
      onChange={(value) => onChange({ ...segment, [field]: value })}
    />
  );
  return (
    <fieldset className="space-y-4">
      <legend className="text-lg font-semibold">{t('announcements.segment')}</legend>
      <p className="text-sm text-slate-600">{t('announcements.segmentLead')}</p>
      {group(
        'roles',
        roles.map((r) => ({ value: r, label: t(`roles.${r}`) })),
      )}
      {group(
        'regions',
        regions.map((r) => ({ value: r, label: regionNames[r] })),
      )}
      {group('products', products)}
      {group(
        'dossierStatuses',
        dossierStatuses.map((s) => ({ value: s, label: t(`status.${s}`) })),
      )}
      {group('specialties', products)}
      <PeoplePicker segment={segment} onChange={onChange} />
    </fieldset>
  );
}
