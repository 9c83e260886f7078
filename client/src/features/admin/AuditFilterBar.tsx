import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from '../../../../common/admin-audit.ts';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { AuditActorPicker } from './AuditActorPicker.tsx';
import { useAuditFacets } from './audit.api.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = {
  filters: AuditFilters;
  actorName: string | undefined;
  onChange: (filters: AuditFilters, actorName?: string) => void;
};

/** The log's filters: actor, action, entity (type and id), period in days. */
export function AuditFilterBar({ filters, actorName, onChange }: Props) {
  const { t } = useTranslation();
  const facets = useAuditFacets();
  const [entityId, setEntityId] = useState(filters.entityId ?? '');
  const entityIdInvalid = entityId.trim() !== '' && !UUID.test(entityId.trim());
  const set = (patch: Partial<AuditFilters>) => onChange({ ...filters, ...patch }, actorName);
  const options = (values: string[] | undefined, label: (v: string) => string) =>
    (values ?? []).map((value) => ({ value, label: label(value) }));

  return (
    <fieldset className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <legend className="sr-only">{t('audit.filters')}</legend>
      <AuditActorPicker
        actorId={filters.actorId}
        actorName={actorName}
        onChange={(actor) => onChange({ ...filters, actorId: actor?.id }, actor?.name)}
      />
      <SelectField
        label={t('audit.action')}
        value={filters.action ?? ''}
        placeholder={t('audit.all')}
        options={options(
          facets.data?.actions,
          (a) => `${t(`audit.actions.${a}`, { defaultValue: a })} (${a})`,
        )}
        onChange={(e) => set({ action: e.target.value || undefined })}
      />
      <SelectField
        label={t('audit.entityType')}
        value={filters.entityType ?? ''}
        placeholder={t('audit.all')}
        options={options(facets.data?.entityTypes, (e) => t(`audit.entityTypes.${e}`, { defaultValue: e }))}
        onChange={(e) => set({ entityType: e.target.value || undefined })}
      />
      <TextField
        label={t('audit.entityId')}
        value={entityId}
        spellCheck={false}
        error={entityIdInvalid ? t('audit.entityIdInvalid') : undefined}
        onChange={(e) => {
          setEntityId(e.target.value);
          const id = e.target.value.trim();
          if (id === '' || UUID.test(id)) set({ entityId: id || undefined });
        }}
      />
      <TextField
        label={t('audit.from')}
        type="date"
        value={filters.from ?? ''}
        max={filters.to}
        onChange={(e) => set({ from: e.target.value || undefined })}
      />
      <TextField
        label={t('audit.to')}
        type="date"
        value={filters.to ?? ''}
        min={filters.from}
        onChange={(e) => set({ to: e.target.value || undefined })}
      />
      <div className="flex items-end">
        <Button
          variant="ghost"
          onClick={() => {
            setEntityId('');
            onChange({});
          }}
        >
          {t('audit.clear')}
        </Button>
      </div>
    </fieldset>
  );
}
