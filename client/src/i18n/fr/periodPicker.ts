/** The period selector (client/src/shared/PeriodPicker.tsx), whose chunk carries these French words (../period-picker.ts). */
export const periodPickerTexts = {
  period: {
    label: 'Période',
    presets: {
      today: 'Aujourd’hui',
      '7d': '7 jours',
      '30d': '30 jours',
      quarter: 'Trimestre',
      year: 'Année',
      custom: 'Personnalisée',
    },
    from: 'Du',
    to: 'Au',
    apply: 'Appliquer',
    errors: {
      invalid: 'Indiquez deux dates valides.',
      order: 'La date de fin précède la date de début.',
      tooLong: 'Une période couvre au plus {{days}} jours.',
    },
  },
};
