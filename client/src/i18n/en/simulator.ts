import type { simulatorTexts as fr } from '../fr/simulator.ts';
import type { Widen } from '../fr.ts';

export const simulatorTexts: Widen<typeof fr> = {
  simulator: {
    title: 'Recover overpaid taxes and social charges',
    lead: 'Answer a few questions: in one minute we estimate what your company can recover (TICPE, URSSAF, MSA, DFS, property tax, energy…), then a vetted expert takes your case.',
    formTitle: 'Eligibility simulator',
    submit: 'Estimate my refunds',
    resultsTitle: 'Your possible refunds',
    total: 'Estimated total',
    none: 'No product seems to apply with these answers. Adjust them or contact us.',
    estimated: 'Estimated amount',
    select: 'Open a case for {{name}}',
    openDossiers: 'Open the selected cases',
    registerToOpen: 'Create my account to open these cases',
    loginToOpen: 'I already have an account',
    notClient: 'Only a client account can open cases.',
    pendingAfterRegister:
      'Your simulation is kept: your cases will be opened as soon as your account is created.',
    steps: {
      title: 'How it works',
      simulate: 'Check your eligibility',
      expert: 'A vetted expert takes your case',
      recover: 'Follow every step until the refund',
    },
  },
};
