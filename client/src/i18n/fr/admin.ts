/** The admin texts the shell carries (navigation, assignment from a dossier); the pages' own load with them. */
export const adminTexts = {
  admin: {
    dashboardNav: 'Tableau de bord',
    dossiersTitle: 'Tous les dossiers',
    role: 'Rôle',
    status: 'Statut',
    searchUsers: 'Nom, e-mail, entreprise…',
    name: 'Nom',
    noDossiers: 'Aucun dossier ne correspond à ces critères.',
    assign: 'Assigner un expert',
    reassign: 'Réassigner',
  },
};
