/**
 * The words of a file the server makes (a report's, a list's): its formats, its progress, the lists' "Exporter"
 * menu. They load with the components that show them (../file-exports.ts), not with the app shell.
 */
export const fileExportTexts = {
  fileExport: {
    formats: { pdf: 'PDF', xlsx: 'Excel (XLSX)', csv: 'CSV' },
    preparing: 'Préparation du fichier {{format}}…',
    progress: 'Préparation du fichier',
    cancel: 'Annuler',
    cancelled: 'Export annulé.',
    ready: 'Votre fichier est prêt.',
    link: 'Télécharger',
    failed: 'L’export a échoué : {{error}}',
    close: 'Fermer',
    list: {
      menu: 'Exporter',
      conversation: 'Exporter la conversation',
      as: 'Exporter en {{format}}',
      formats: 'Format du fichier',
      filtered: 'Le fichier reprend les filtres appliqués à la liste.',
      notCarried: {
        unassigned:
          'Le filtre « sans expert » ne s’applique pas au fichier : il comprend aussi les dossiers qui ont un expert.',
        companyId: 'Le filtre sur l’entreprise ne s’applique pas au fichier.',
      },
    },
  },
};

/** The exports' errors, with those components rather than in the shell (../file-exports.ts). */
export const fileExportErrorTexts = {
  EXPORT_NOT_READY: 'Ce fichier n’est pas encore prêt : patientez quelques secondes.',
  EXPORT_NOT_CANCELLABLE: 'Cet export est déjà terminé : il ne peut plus être annulé.',
};
