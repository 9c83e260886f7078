import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsGroupBy, MetricsPreset } from '../../../../common/admin-metrics.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import {
  customRangeError,
  defaultGroupBy,
  groupBys,
  maxDays,
  type Period,
  presetRange,
  presets,
} from './period.ts';

type Props = { period: Period; today: string; onChange: (period: Period) => void };

/** The period selector: presets, the admin's own dates, and the bucket of the time series. */
export function PeriodPicker({ period, today, onChange }: Props) {
  const { t } = useTranslation();
  const [customOpen, setCustomOpen] = useState(period.preset === 'custom');
  const choose = (preset: MetricsPreset) => {
    if (preset === 'custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    const range = presetRange(preset, today);
    onChange({
      preset,
      ...range,
      groupBy: preset === 'year' ? 'month' : defaultGroupBy(range.from, range.to),
    });
  };
  return (
    <div className="mb-6 space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="flex flex-wrap gap-1">
          <legend className="sr-only">{t('dashboard.period.label')}</legend>
          {presets.map((preset) => {
            const pressed = preset === 'custom' ? customOpen : !customOpen && period.preset === preset;
            return (
              <button
                key={preset}
                type="button"
                aria-pressed={pressed}
                onClick={() => choose(preset)}
                className={`rounded-lg px-3 py-1.5 text-sm font-medium ${focusRing} ${
                  pressed
                    ? 'bg-blue-700 text-white'
                    : 'bg-white text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50'
                }`}
              >
                {t(`dashboard.period.presets.${preset}`)}
              </button>
            );
          })}
        </fieldset>
        <div className="w-40">
          <SelectField
            label={t('dashboard.period.groupBy')}
            value={period.groupBy}
            options={groupBys.map((g) => ({ value: g, label: t(`dashboard.period.groupBys.${g}`) }))}
            onChange={(e) => onChange({ ...period, groupBy: e.target.value as MetricsGroupBy })}
          />
        </div>
      </div>
      {customOpen && <CustomRange period={period} onApply={onChange} />}
    </div>
  );
}

function CustomRange({ period, onApply }: { period: Period; onApply: (period: Period) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = customRangeError(from, to);
    if (problem) {
      setError(t(`dashboard.period.errors.${problem}`, { days: maxDays }));
      return;
    }
    setError(undefined);
    onApply({ preset: 'custom', from, to, groupBy: defaultGroupBy(from, to) });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-wrap items-start gap-3"
      data-testid="custom-period"
    >
      <div className="w-44">
        <TextField
          type="date"
          label={t('dashboard.period.from')}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          error={error}
        />
      </div>
      <div className="w-44">
        <TextField
          type="date"
          label={t('dashboard.period.to')}
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <Button type="submit" variant="secondary" className="sm:mt-6">
        {t('dashboard.period.apply')}
      </Button>
    </form>
  );
}
