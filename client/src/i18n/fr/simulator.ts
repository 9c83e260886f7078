/** The simulator (the landing page). */
export const simulatorTexts = {
  simulator: {
    title: 'Récupérez les taxes et charges sociales payées en trop',
    lead: 'Répondez à quelques questions : nous estimons en une minute ce que votre entreprise peut récupérer (TICPE, URSSAF, MSA, DFS, foncier, énergie…), puis un expert vérifié s’occupe de votre dossier.',
    formTitle: 'Simulateur d’éligibilité',
    submit: 'Estimer mes remboursements',
    resultsTitle: 'Vos remboursements possibles',
    total: 'Total estimé',
    none: 'Aucun produit ne semble applicable avec ces réponses. Ajustez-les ou contactez-nous.',
    estimated: 'Montant estimé',
    select: 'Ouvrir un dossier pour {{name}}',
    openDossiers: 'Ouvrir les dossiers sélectionnés',
    registerToOpen: 'Créer mon compte pour ouvrir ces dossiers',
    loginToOpen: 'J’ai déjà un compte',
    notClient: 'Seul un compte client peut ouvrir des dossiers.',
    pendingAfterRegister:
      'Votre simulation est conservée : vos dossiers seront ouverts dès la création de votre compte.',
    steps: {
      title: 'Comment ça marche',
      simulate: 'Simulez votre éligibilité',
      expert: 'Un expert vérifié prend votre dossier',
      recover: 'Vous suivez chaque étape jusqu’au remboursement',
    },
  },
};
