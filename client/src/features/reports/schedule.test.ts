import { describe, expect, it } from 'vitest';
import { scheduleInput } from '../../../../common/reports.ts';
import i18n from '../../i18n/index.ts';
import '../../i18n/report-pages.ts';
import { reportPageTexts } from '../../i18n/en/reportPages.ts';
import {
  frequencySentence,
  invalidFields,
  parseRecipients,
  type ScheduleFormValues,
  toScheduleInput,
} from './schedule.ts';
import { fileSize, parisDateTime, runDuration } from './words.ts';

i18n.addResourceBundle('en', 'translation', reportPageTexts, true, false);
const fr = i18n.getFixedT('fr');
const en = i18n.getFixedT('en');
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

const form: ScheduleFormValues = {
  name: '  Pipeline hebdo ',
  type: 'pipeline',
  format: 'xlsx',
  locale: 'fr',
  frequency: 'weekly',
  time: '07:30',
  weekday: '3',
  monthDay: '1',
  recipients: 'a@example.test, b@example.test\nc@example.test;a@example.test',
};

describe('schedules in words', () => {
  it('says when a schedule sends, in French and in English', () => {
    const at = { hour: 8, minute: 0 };
    expect(frequencySentence({ ...at, frequency: 'weekly', weekday: 1 }, 'fr', fr)).toBe(
      'Chaque lundi à 08:00',
    );
    expect(frequencySentence({ ...at, frequency: 'daily' }, 'fr', fr)).toBe('Chaque jour à 08:00');
    expect(frequencySentence({ ...at, frequency: 'monthly', monthDay: 1 }, 'fr', fr)).toBe(
      'Le 1er de chaque mois à 08:00',
    );
    expect(frequencySentence({ hour: 18, minute: 5, frequency: 'monthly', monthDay: 15 }, 'fr', fr)).toBe(
      'Le 15 de chaque mois à 18:05',
    );
    expect(frequencySentence({ ...at, frequency: 'weekly', weekday: 7 }, 'en', en)).toBe(
      'Every Sunday at 08:00',
    );
  });

  it('reads the next run in Paris time, winter and summer', () => {
    expect(parisDateTime('2026-12-07T07:00:00Z', 'fr')).toBe('7 déc. 2026, 08:00');
    expect(parisDateTime('2026-07-06T06:00:00Z', 'fr')).toBe('6 juil. 2026, 08:00');
  });

  it('writes sizes and durations', () => {
    expect(plain(fileSize(12_300, 'fr'))).toBe('12,3 ko');
    expect(plain(fileSize(1_250_000, 'en'))).toBe('1.3 MB');
    expect(plain(runDuration(850, 'fr'))).toBe('850 ms');
    expect(plain(runDuration(12_400, 'fr'))).toBe('12,4 s');
  });
});

describe('the schedule form', () => {
  it('reads recipients separated by commas, semicolons or lines, each once', () => {
    expect(parseRecipients(form.recipients)).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    expect(parseRecipients('  \n ')).toEqual([]);
  });

  it('turns its fields into the contract’s input: a weekday for a weekly schedule only', () => {
    const input = toScheduleInput(form, { region: 'bretagne' });
    expect(input).toEqual({
      name: 'Pipeline hebdo',
      type: 'pipeline',
      params: { region: 'bretagne' },
      format: 'xlsx',
      locale: 'fr',
      frequency: 'weekly',
      hour: 7,
      minute: 30,
      weekday: 3,
      recipients: ['a@example.test', 'b@example.test', 'c@example.test'],
    });
    expect(scheduleInput.safeParse(input).success).toBe(true);
    const monthly = toScheduleInput({ ...form, frequency: 'monthly', monthDay: '28' }, {});
    expect([monthly.weekday, monthly.monthDay]).toEqual([undefined, 28]);
    expect(scheduleInput.safeParse(monthly).success).toBe(true);
  });

  it('puts the contract’s issues on the fields they are about', () => {
    const input = toScheduleInput({ ...form, name: ' ', time: '', recipients: 'a@example.test, nope' }, {});
    const checked = scheduleInput.safeParse(input);
    expect(checked.success).toBe(false);
    const paths = checked.error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(invalidFields(paths).sort()).toEqual(['name', 'recipients', 'time']);
    expect(invalidFields(['params.region', 'minute', 'hour'])).toEqual(['time']);
  });
});
