import type { TFunction } from 'i18next';
import type {
  ReportFormat,
  ReportSchedule,
  ReportType,
  ScheduleFrequency,
  ScheduleInput,
} from '../../../../common/reports.ts';
import { dateTimeFormat } from '../../lib/intl.ts';
import { localeOf } from './words.ts';

type Timing = Pick<ReportSchedule, 'frequency' | 'hour' | 'minute' | 'weekday' | 'monthDay'>;

const pad = (n: number) => String(n).padStart(2, '0');

/** A weekday's name, 1 (Monday) to 7 (Sunday): 1 January 2024 was a Monday. */
export function weekdayName(weekday: number, locale: string): string {
  return dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );
}

/** When a schedule sends, in words: "Chaque lundi à 08:00", "Le 1er de chaque mois à 07:30". */
export function frequencySentence(schedule: Timing, language: string, t: TFunction): string {
  const time = `${pad(schedule.hour)}:${pad(schedule.minute)}`;
  const day = schedule.monthDay ?? 1;
  return t(`reports.schedules.sentence.${schedule.frequency}`, {
    time,
    weekday: weekdayName(schedule.weekday ?? 1, localeOf(language)),
    day: language === 'en' || day !== 1 ? String(day) : '1er',
  });
}

/** The addresses typed in a recipients field, separated by commas, semicolons, spaces or lines; each once. */
export function parseRecipients(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

/** What the schedule form holds: its fields' own strings. */
export type ScheduleFormValues = {
  name: string;
  type: ReportType;
  format: ReportFormat;
  locale: 'fr' | 'en';
  frequency: ScheduleFrequency;
  /** `HH:MM`, Paris time. */
  time: string;
  weekday: string;
  monthDay: string;
  recipients: string;
};

/** The schedule the form asks for, with the report's scope: a weekday for a weekly one only, a day for a monthly one. */
export function toScheduleInput(values: ScheduleFormValues, params: ScheduleInput['params']): ScheduleInput {
  // An unfinished time gives no hour, which the contract refuses.
  const [, hour = Number.NaN, minute = Number.NaN] = /^(\d{2}):(\d{2})$/.exec(values.time)?.map(Number) ?? [];
  return {
    name: values.name.trim(),
    type: values.type,
    params,
    format: values.format,
    locale: values.locale,
    frequency: values.frequency,
    hour,
    minute,
    ...(values.frequency === 'weekly' ? { weekday: Number(values.weekday) } : {}),
    ...(values.frequency === 'monthly' ? { monthDay: Number(values.monthDay) } : {}),
    recipients: parseRecipients(values.recipients),
  };
}

export type ScheduleField = keyof ScheduleFormValues;
const fields: readonly ScheduleField[] = [
  'name',
  'type',
  'format',
  'locale',
  'frequency',
  'weekday',
  'monthDay',
  'recipients',
];

/**
 * The form fields that the contract's issues (`recipients.2`, `hour`…) are about, each once: `hour` and `minute` are
 * the time field; an issue about no field of the form (the scope) is left out.
 */
export function invalidFields(paths: readonly string[]): ScheduleField[] {
  const found = paths.map((path) => {
    const head = path.split('.')[0] ?? '';
    if (head === 'hour' || head === 'minute') return 'time';
    return fields.find((field) => field === head);
  });
  return [...new Set(found.filter((field): field is ScheduleField => field !== undefined))];
}
