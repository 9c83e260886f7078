import { useTranslation } from 'react-i18next';
import type { DocumentCategory } from '../../../../common/document-categories.ts';
import { roles } from '../../../../common/roles.ts';
import { type SlaUnit, slaUnits, statusesWithSteps } from '../../../../common/workflow-constants.ts';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field.tsx';
import { ActionsEditor } from './ActionsEditor.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import type { DraftStep } from './templateDraft.ts';
import { useCategoryOptions } from './useCategoryOptions.ts';

type Props = { step: DraftStep; onChange: (step: DraftStep) => void };

/** Every setting of one step: key, names, role, status, SLA, documents, validation, signature, condition, actions. */
export function StepEditor({ step, onChange }: Props) {
  const { t } = useTranslation();
  const categoryOptions = useCategoryOptions();
  const set = <K extends keyof DraftStep>(key: K, value: DraftStep[K]) => onChange({ ...step, [key]: value });
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <TextField
          label={t('workflowEditor.step.key')}
          value={step.key}
          onChange={(e) => set('key', e.target.value)}
        />
        <TextField
          label={t('workflowEditor.step.nameFr')}
          lang="fr"
          value={step.name.fr}
          onChange={(e) => set('name', { ...step.name, fr: e.target.value })}
        />
        <TextField
          label={t('workflowEditor.step.nameEn')}
          lang="en"
          value={step.name.en}
          onChange={(e) => set('name', { ...step.name, en: e.target.value })}
        />
        <SelectField
          label={t('workflowEditor.step.role')}
          value={step.role}
          options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          onChange={(e) => set('role', e.target.value as DraftStep['role'])}
        />
        <SelectField
          label={t('workflowEditor.step.status')}
          value={step.status}
          options={statusesWithSteps.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(e) => set('status', e.target.value as DraftStep['status'])}
        />
        <SelectField
          label={t('workflowEditor.step.validation')}
          value={step.validation ?? ''}
          options={[
            { value: '', label: t('workflowEditor.step.noValidation') },
            { value: 'expert', label: t('roles.expert') },
            { value: 'admin', label: t('roles.admin') },
          ]}
          onChange={(e) => set('validation', (e.target.value || null) as DraftStep['validation'])}
        />
        <TextField
          label={t('workflowEditor.step.slaAmount')}
          type="number"
          min={1}
          max={1000}
          value={step.sla?.amount ?? ''}
          onChange={(e) =>
            set(
              'sla',
              e.target.value
                ? { amount: Number(e.target.value), unit: step.sla?.unit ?? 'business_days' }
                : null,
            )
          }
        />
        <SelectField
          label={t('workflowEditor.step.slaUnit')}
          value={step.sla?.unit ?? 'business_days'}
          disabled={!step.sla}
          options={slaUnits.map((u) => ({ value: u, label: t(`workflowEditor.units.${u}`) }))}
          onChange={(e) => step.sla && set('sla', { ...step.sla, unit: e.target.value as SlaUnit })}
        />
        <SelectField
          label={t('workflowEditor.step.signature')}
          value={step.signature?.documentCategory ?? ''}
          options={[{ value: '', label: t('workflowEditor.step.noSignature') }, ...categoryOptions]}
          onChange={(e) =>
            set('signature', e.target.value ? { documentCategory: e.target.value as DocumentCategory } : null)
          }
        />
      </div>
      <CheckboxGroup
        legend={t('workflowEditor.step.documents')}
        name={`documents-${step.uid}`}
        options={categoryOptions}
        value={step.requiredDocuments}
        onChange={(value) => set('requiredDocuments', value as DocumentCategory[])}
      />
      <ConditionEditor value={step.skipIf} onChange={(value) => set('skipIf', value)} />
      <ActionsEditor actions={step.actions} onChange={(actions) => set('actions', actions)} />
    </div>
  );
}
