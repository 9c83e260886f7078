import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useExperts } from './reports.api.ts';

type Props = { expertId: string | undefined; onChange: (expertId: string | undefined) => void };

/**
 * An admin's choice of the expert whose report to read, among the active experts a search finds. An expert chosen
 * before (a link) and not among them is still selected: the report's subtitle names them.
 */
export function ExpertPicker({ expertId, onChange }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const q = useDebouncedValue(typed.trim());
  const experts = useExperts(q);
  const options = (experts.data ?? []).map((expert) => ({
    value: expert.id,
    label: `${expert.firstName} ${expert.lastName}`,
  }));
  if (expertId && !options.some((option) => option.value === expertId))
    options.unshift({ value: expertId, label: t('reports.params.chosenExpert') });
  return (
    <div className="grid grid-cols-1 gap-3 sm:col-span-2 sm:grid-cols-2">
      <TextField
        type="search"
        label={t('reports.params.expertSearch')}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
      />
      <SelectField
        label={t('reports.params.expert')}
        placeholder={t('reports.params.chooseExpert')}
        value={expertId ?? ''}
        options={options}
        onChange={(e) => onChange(e.target.value || undefined)}
      />
    </div>
  );
}
