/** The key-figure card (client/src/shared/KpiCard.tsx), whose chunk carries these French words (../kpi-card.ts). */
export const kpiCardTexts = {
  kpiCard: {
    openList: '{{label}} : {{value}}, voir la liste',
    trend: {
      none: 'Pas de comparaison possible',
      flat: 'stable',
      new: 'nouveau',
      up: 'en hausse de {{amount}}',
      down: 'en baisse de {{amount}}',
      percent: '{{value}} %',
      points: '{{value}} pt',
      previous: '(période précédente : {{value}})',
    },
  },
};
