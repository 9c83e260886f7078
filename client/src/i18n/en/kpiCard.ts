import type { kpiCardTexts as fr } from '../fr/kpiCard.ts';
import type { Widen } from '../fr.ts';

export const kpiCardTexts: Widen<typeof fr> = {
  kpiCard: {
    openList: '{{label}}: {{value}}, see the list',
    trend: {
      none: 'No comparison possible',
      flat: 'steady',
      new: 'new',
      up: 'up {{amount}}',
      down: 'down {{amount}}',
      percent: '{{value}}%',
      points: '{{value}} pt',
      previous: '(previous period: {{value}})',
    },
  },
};
