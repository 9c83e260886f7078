import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsPreset } from '../../../common/admin-metrics.ts';
import '../i18n/period-picker.ts';
import { Button, focusRing } from '../ui/Button.tsx';
import { TextField } from '../ui/Field.tsx';
import { useUnavailableUntilTakenOver } from '../ui/useUnavailableUntilTakenOver.ts';
import { customRangeError, maxDays, type PeriodRange, presetRange, presets } from './period.ts';

type Props = {
  range: PeriodRange;
  today: string;
  onChange: (range: PeriodRange) => void;
  /** Controls of the page's own beside the presets (the dashboard's bucket). */
  children?: ReactNode;
};

/** The period selector: rolling presets ending today, or the reader's own dates. */
export function PeriodPicker({ range, today, onChange, children }: Props) {
  const { t } = useTranslation();
  const [customOpen, setCustomOpen] = useState(range.preset === 'custom');
  const unavailable = useUnavailableUntilTakenOver();
  const choose = (preset: MetricsPreset) => {
    if (preset === 'custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    onChange({ preset, ...presetRange(preset, today) });
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <fieldset className="flex flex-wrap gap-1">
          <legend className="sr-only">{t('period.label')}</legend>
          {presets.map((preset) => {
            const pressed = preset === 'custom' ? customOpen : !customOpen && range.preset === preset;
            return (
              <button
                key={preset}
                type="button"
                aria-pressed={pressed}
                {...unavailable}
                onClick={() => choose(preset)}
                className={`rounded-lg px-3 py-1.5 text-sm font-medium ${focusRing} ${
                  pressed
                    ? 'bg-blue-700 text-white'
                    : 'bg-white text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50'
                }`}
              >
                {t(`period.presets.${preset}`)}
              </button>
            );
          })}
        </fieldset>
        {children}
      </div>
      {customOpen && <CustomRange range={range} onApply={onChange} />}
    </div>
  );
}

function CustomRange({ range, onApply }: { range: PeriodRange; onApply: (range: PeriodRange) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = customRangeError(from, to);
    if (problem) {
      setError(t(`period.errors.${problem}`, { days: maxDays }));
      return;
    }
    setError(undefined);
    onApply({ preset: 'custom', from, to });
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
          label={t('period.from')}
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          error={error}
        />
      </div>
      <div className="w-44">
        <TextField type="date" label={t('period.to')} value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <Button type="submit" variant="secondary" className="sm:mt-6">
        {t('period.apply')}
      </Button>
    </form>
  );
}
