import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportSchedule } from '../../../../common/reports.ts';
import { ApiError } from '../../lib/api.ts';
import { useUser } from '../../lib/session.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import {
  invalidFields,
  type ScheduleField,
  type ScheduleFormValues,
  toScheduleInput,
  weekdayName,
} from './schedule.ts';
import { useCreateSchedule } from './schedules.api.ts';
import { type ReportSelection, reportTypesOf } from './selection.ts';
import { localeOf } from './words.ts';

/** The contract, whose schema checks a schedule before it is sent; it loads (with zod) when the form is first used. */
const loadContract = () => import('../../../../common/reports.ts');

const control =
  'block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30 aria-[invalid=true]:border-red-500';

type Props = {
  /** The report on screen, whose type and scope the schedule starts from. */
  selection: ReportSelection;
  onCancel: () => void;
  onCreated: (schedule: ReportSchedule) => void;
};

/** A new schedule: which report, in which file and language, when, and to whom (the reader by default). */
export function ScheduleForm({ selection, onCancel, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const recipientsId = useId();
  const create = useCreateSchedule();
  const [values, setValues] = useState<ScheduleFormValues>(() => ({
    name: t(`reports.types.${selection.type}`),
    type: selection.type,
    format: 'pdf',
    locale: i18n.language === 'en' ? 'en' : 'fr',
    frequency: 'weekly',
    time: '08:00',
    weekday: '1',
    monthDay: '1',
    recipients: user.email,
  }));
  const [errors, setErrors] = useState<Partial<Record<ScheduleField, string>>>({});
  const set = (field: ScheduleField) => (event: { target: { value: string } }) =>
    setValues({ ...values, [field]: event.target.value });
  const field = (name: ScheduleField) => ({ value: values[name], onChange: set(name), error: errors[name] });
  const explain = (paths: string[]) =>
    Object.fromEntries(
      invalidFields(paths).map((f) => [
        f,
        t([`reports.schedules.invalid.${f}`, 'reports.schedules.invalid.other']),
      ]),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { productCode, region, expertId } = selection;
    const input = toScheduleInput(values, {
      productCode,
      region,
      ...(values.type === 'expert' ? { expertId } : {}),
    });
    const checked = (await loadContract()).scheduleInput.safeParse(input);
    if (!checked.success) {
      setErrors(explain(checked.error.issues.map((issue) => issue.path.join('.'))));
      return;
    }
    setErrors({});
    create.mutate(input, {
      onSuccess: onCreated,
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        if (error.code === 'SCHEDULE_RECIPIENT_NOT_ALLOWED')
          setErrors({ recipients: t('errors.SCHEDULE_RECIPIENT_NOT_ALLOWED') });
        else if (error.code === 'VALIDATION_ERROR' && Array.isArray(error.details))
          setErrors(explain((error.details as { path?: string }[]).map((d) => d.path ?? '')));
      },
    });
  };

  const option = (value: string, label: string) => ({ value, label });
  const types = reportTypesOf[user.role];
  const recipientsHelp = `${recipientsId}-hint${errors.recipients ? ` ${recipientsId}-error` : ''}`;
  return (
    <form onSubmit={submit} onFocus={() => void loadContract()} noValidate className="space-y-4">
      <p className="text-sm text-slate-600">{t('reports.schedules.scope')}</p>
      <TextField label={t('reports.schedules.name')} maxLength={120} {...field('name')} />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {types.length > 1 && (
          <SelectField
            label={t('reports.schedules.type')}
            options={types.map((type) => option(type, t(`reports.types.${type}`)))}
            {...field('type')}
          />
        )}
        <SelectField
          label={t('reports.schedules.format')}
          options={(['pdf', 'xlsx', 'csv'] as const).map((f) => option(f, t(`reports.formats.${f}`)))}
          {...field('format')}
        />
        <SelectField
          label={t('reports.schedules.locale')}
          options={(['fr', 'en'] as const).map((l) => option(l, t(`reports.schedules.locales.${l}`)))}
          {...field('locale')}
        />
        <SelectField
          label={t('reports.schedules.frequency')}
          options={(['daily', 'weekly', 'monthly'] as const).map((f) =>
            option(f, t(`reports.schedules.frequencies.${f}`)),
          )}
          {...field('frequency')}
        />
        <TextField type="time" label={t('reports.schedules.time')} {...field('time')} />
        {values.frequency === 'weekly' && (
          <SelectField
            label={t('reports.schedules.weekday')}
            options={[1, 2, 3, 4, 5, 6, 7].map((d) =>
              option(String(d), weekdayName(d, localeOf(i18n.language))),
            )}
            {...field('weekday')}
          />
        )}
        {values.frequency === 'monthly' && (
          <SelectField
            label={t('reports.schedules.monthDay')}
            options={Array.from({ length: 28 }, (_, i) => option(String(i + 1), String(i + 1)))}
            {...field('monthDay')}
          />
        )}
      </div>
      <div className="space-y-1">
        <label htmlFor={recipientsId} className="block text-sm font-medium text-slate-700">
          {t('reports.schedules.recipients')}
        </label>
        <textarea
          id={recipientsId}
          rows={3}
          value={values.recipients}
          onChange={set('recipients')}
          aria-invalid={errors.recipients ? true : undefined}
          aria-describedby={recipientsHelp}
          className={control}
        />
        <p id={`${recipientsId}-hint`} className="text-xs text-slate-500">
          {t(
            user.role === 'expert'
              ? 'reports.schedules.recipientsExpertHint'
              : 'reports.schedules.recipientsHint',
          )}
        </p>
        {errors.recipients && (
          <p id={`${recipientsId}-error`} role="alert" className="text-xs font-medium text-red-600">
            {errors.recipients}
          </p>
        )}
      </div>
      {create.isError && Object.keys(errors).length === 0 && <ErrorAlert error={create.error} />}
      <DialogActions onCancel={onCancel} label={t('reports.schedules.save')} busy={create.isPending} />
    </form>
  );
}
