import { useTranslation } from 'react-i18next';
import type { DocumentCategory } from '../../../../common/document-categories.ts';
import { roles } from '../../../../common/roles.ts';
import type { StepAction } from '../../../../common/workflows.ts';
import { Button } from '../../ui/Button.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field.tsx';
import { useCategoryOptions } from './useCategoryOptions.ts';

const actionTypes = ['assign_expert', 'notify', 'request_documents', 'create_reminder'] as const;

const blank: Record<StepAction['type'], StepAction> = {
  assign_expert: { type: 'assign_expert', mode: 'ask' },
  notify: { type: 'notify', roles: ['client'], message: { fr: '', en: '' } },
  request_documents: { type: 'request_documents', categories: ['other'], dueInDays: 7 },
  create_reminder: { type: 'create_reminder', role: 'client', afterDays: 3, message: { fr: '', en: '' } },
};

function Message({
  action,
  onChange,
}: {
  action: Extract<StepAction, { message: unknown }>;
  onChange: (a: StepAction) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
      <TextField
        label={t('workflowEditor.actions.messageFr')}
        lang="fr"
        value={action.message.fr}
        onChange={(e) => onChange({ ...action, message: { ...action.message, fr: e.target.value } })}
      />
      <TextField
        label={t('workflowEditor.actions.messageEn')}
        lang="en"
        value={action.message.en}
        onChange={(e) => onChange({ ...action, message: { ...action.message, en: e.target.value } })}
      />
    </div>
  );
}

function ActionFields({ action, onChange }: { action: StepAction; onChange: (a: StepAction) => void }) {
  const { t } = useTranslation();
  const categoryOptions = useCategoryOptions();
  const roleOptions = roles.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  switch (action.type) {
    case 'assign_expert':
      return (
        <SelectField
          label={t('workflowEditor.actions.mode')}
          value={action.mode}
          options={(['ask', 'assign'] as const).map((m) => ({
            value: m,
            label: t(`workflowEditor.actions.modes.${m}`),
          }))}
          onChange={(e) => onChange({ ...action, mode: e.target.value as 'ask' | 'assign' })}
        />
      );
    case 'notify':
      return (
        <>
          <CheckboxGroup
            legend={t('workflowEditor.actions.roles')}
            name="notify-roles"
            options={roleOptions}
            value={action.roles}
            onChange={(value) => onChange({ ...action, roles: value as typeof action.roles })}
          />
          <Message action={action} onChange={onChange} />
        </>
      );
    case 'request_documents':
      return (
        <>
          <CheckboxGroup
            legend={t('workflowEditor.actions.categories')}
            name="request-categories"
            options={categoryOptions}
            value={action.categories}
            onChange={(value) => onChange({ ...action, categories: value as DocumentCategory[] })}
          />
          <TextField
            label={t('workflowEditor.actions.dueInDays')}
            type="number"
            min={1}
            max={90}
            value={action.dueInDays}
            onChange={(e) => onChange({ ...action, dueInDays: Number(e.target.value) })}
          />
        </>
      );
    case 'create_reminder':
      return (
        <>
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <SelectField
              label={t('workflowEditor.actions.reminded')}
              value={action.role}
              options={roleOptions}
              onChange={(e) => onChange({ ...action, role: e.target.value as typeof action.role })}
            />
            <TextField
              label={t('workflowEditor.actions.afterDays')}
              type="number"
              min={1}
              max={90}
              value={action.afterDays}
              onChange={(e) => onChange({ ...action, afterDays: Number(e.target.value) })}
            />
          </div>
          <Message action={action} onChange={onChange} />
        </>
      );
  }
}

type Props = { actions: StepAction[]; onChange: (actions: StepAction[]) => void };

/** What the engine does on entering the step: assign an expert, notify, request documents, create a reminder. */
export function ActionsEditor({ actions, onChange }: Props) {
  const { t } = useTranslation();
  const replace = (index: number, action: StepAction) =>
    onChange(actions.map((a, i) => (i === index ? action : a)));
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">{t('workflowEditor.actions.title')}</legend>
      {actions.map((action, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an action has no identity but its place
        <div key={index} className="space-y-2 rounded bg-slate-50 p-2">
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1">
              <SelectField
                label={t('workflowEditor.actions.type')}
                value={action.type}
                options={actionTypes.map((type) => ({
                  value: type,
                  label: t(`workflowEditor.actions.types.${type}`),
                }))}
                onChange={(e) => replace(index, blank[e.target.value as StepAction['type']])}
              />
            </div>
            <Button size="sm" variant="ghost" onClick={() => onChange(actions.filter((_, i) => i !== index))}>
              {t('workflowEditor.actions.remove')}
            </Button>
          </div>
          <ActionFields action={action} onChange={(a) => replace(index, a)} />
        </div>
      ))}
      {actions.length < 10 && (
        <Button size="sm" variant="secondary" onClick={() => onChange([...actions, blank.notify])}>
          {t('workflowEditor.actions.add')}
        </Button>
      )}
    </fieldset>
  );
}
