import type { periodPickerTexts as fr } from '../fr/periodPicker.ts';
import type { Widen } from '../fr.ts';

export const periodPickerTexts: Widen<typeof fr> = {
  period: {
    label: 'Period',
    presets: {
      today: 'Today',
      '7d': '7 days',
      '30d': '30 days',
      quarter: 'Quarter',
      year: 'Year',
      custom: 'Custom',
    },
    from: 'From',
    to: 'To',
    apply: 'Apply',
    errors: {
      invalid: 'Enter two valid dates.',
      order: 'The end date is before the start date.',
      tooLong: 'A period covers {{days}} days at most.',
    },
  },
};
