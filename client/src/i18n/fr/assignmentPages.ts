/**
 * The assignment monitor (`/admin/affectations`), the filters of the admin's dossier list and the reassignment's
 * reason. They load with those pages, not with the app shell (../assignment-pages.ts).
 */
export const assignmentPageTexts = {
  assignments: {
    title: 'Affectations',
    lead: 'Les dossiers qui attendent un expert, les demandes sans réponse et la charge des experts.',
    sections: {
      unassigned: 'Dossiers sans expert',
      requests: 'Demandes en attente',
      experts: 'Charge des experts',
    },
    noUnassigned: 'Aucun dossier éligible n’attend d’expert.',
    noRequests: 'Aucune demande n’attend de réponse.',
    noExperts: 'Aucun expert ne correspond à ces critères.',
    waiting: 'en attente depuis {{age}}',
    eligibleSince: 'Éligible depuis le {{date}}',
    requestedOf: 'Demandé à {{name}}',
    deadline: 'Réponse attendue avant le {{date}}',
    late: 'En retard',
    load: '{{active}} dossier(s) actif(s) / capacité {{capacity}}',
    states: { available: 'Disponible', full: 'Complet', overloaded: 'Surchargé' },
    sort: 'Trier par',
    sorts: { load_desc: 'Plus chargés d’abord', load_asc: 'Moins chargés d’abord', name: 'Nom' },
    product: 'Produit',
    region: 'Région',
    all: 'Tous',
    duration: { minutes: '{{count}} min', hours: '{{count}} h', days: '{{count}} j {{hours}} h' },
  },
  reassign: {
    reason: 'Motif du changement d’expert',
    reasonHint: 'Communiqué au client et aux deux experts (3 caractères au moins).',
    current: 'Expert actuel : {{name}}',
  },
  dossierFilters: {
    title: 'Filtres',
    status: 'Statuts',
    product: 'Produit',
    region: 'Région',
    openedFrom: 'Ouvert à partir du',
    openedTo: 'Ouvert jusqu’au',
    unassigned: 'Sans expert uniquement',
    active: 'Filtres actifs',
    remove: 'Retirer le filtre {{filter}}',
    clear: 'Tout effacer',
    chips: {
      status: 'Statut : {{value}}',
      product: 'Produit : {{value}}',
      region: 'Région : {{value}}',
      openedFrom: 'Depuis le {{value}}',
      openedTo: 'Jusqu’au {{value}}',
      unassigned: 'Sans expert',
    },
  },
};
