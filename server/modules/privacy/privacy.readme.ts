type Bilingual = { fr: string; en: string };

/** The JSON files of the archive, in their order, and what each holds. */
export const dataFileTexts = {
  'compte.json': {
    fr: 'votre compte (sans mot de passe ni secret), votre entreprise et vos demandes d’adhésion',
    en: 'your account (no password nor secret), your company and your requests to join one',
  },
  'profil-expert.json': {
    fr: 'votre profil d’expert tel que la place de marché le montre',
    en: 'your expert profile as the marketplace shows it',
  },
  'simulations.json': { fr: 'vos simulations et leurs résultats', en: 'your simulations and their results' },
  'dossiers.json': {
    fr: 'vos dossiers et l’historique de leurs statuts ; vos actions sur d’autres dossiers',
    en: 'your dossiers and their status history; your actions on other dossiers',
  },
  'messages.json': {
    fr: 'vos conversations, le texte de vos messages (et ses versions antérieures), vos pièces jointes',
    en: 'your conversations, the text of your messages (and its earlier versions), your attachments',
  },
  'documents.json': {
    fr: 'les documents que vous avez déposés, version par version, et vos consultations de documents',
    en: 'the documents you uploaded, version by version, and your views and downloads of documents',
  },
  'avis.json': { fr: 'les avis que vous avez écrits ou reçus', en: 'the reviews you wrote or received' },
  'demandes-expert.json': {
    fr: 'les demandes d’expert que vous avez envoyées ou reçues',
    en: 'the expert requests you sent or received',
  },
  'notifications.json': {
    fr: 'vos notifications, vos préférences et les navigateurs inscrits aux notifications push',
    en: 'your notifications, your preferences and the browsers registered for push notifications',
  },
  'e-mails.json': {
    fr: 'les e-mails qui vous ont été envoyés (objet, statut, date)',
    en: 'the e-mails sent to you (subject, status, date)',
  },
  'sessions.json': {
    fr: 'les appareils et adresses IP de vos connexions',
    en: 'the devices and IP addresses you signed in from',
  },
  'journal-audit.json': {
    fr: 'le journal d’audit de vos actions et des changements de votre compte',
    en: 'the audit log of your actions and of the changes to your account',
  },
  'signatures.json': { fr: 'les signatures que vous avez données', en: 'the signatures you gave' },
  'alertes-rappels.json': {
    fr: 'les alertes et rappels qui vous étaient adressés',
    en: 'the alerts and reminders addressed to you',
  },
} satisfies Record<string, Bilingual>;

export type DataFile = keyof typeof dataFileTexts;

const folderTexts: Record<string, Bilingual> = {
  'documents/': {
    fr: 'les fichiers que vous avez déposés, en <référence du dossier>/v<version>-<nom du fichier>',
    en: 'the files you uploaded, as <dossier reference>/v<version>-<file name>',
  },
  'pieces-jointes/': {
    fr: 'vos pièces jointes, en <référence du dossier ou conversations-directes>/<nom du fichier>',
    en: 'your message attachments, as <dossier reference or conversations-directes>/<file name>',
  },
  'manifest.json': {
    fr: 'la liste des fichiers de l’archive (taille, empreinte SHA-256, disponibilité)',
    en: 'the list of the archive’s files (size, SHA-256 hash, availability)',
  },
};

const dateIn = (locale: string, at: Date) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
    at,
  );

/** README.txt: who the data is of, when it was taken, and what each file holds; French, then English. */
export function readme(who: { name: string; email: string }, at: Date, dataFiles: DataFile[]): string {
  const entries = [
    ...dataFiles.map((path) => [path, dataFileTexts[path]] as const),
    ...Object.entries(folderTexts),
  ];
  const list = (lang: keyof Bilingual) =>
    entries.map(([path, text]) => `- ${path}${lang === 'fr' ? ' : ' : ': '}${text[lang]}`).join('\n');
  return `${[
    'FinancialTracker — vos données personnelles',
    '',
    `Export des données de ${who.name} (${who.email}), le ${dateIn('fr-FR', at)} (heure de Paris).`,
    'Les dates des fichiers JSON sont au format ISO 8601, en UTC ; les montants sont en centimes d’euro.',
    'Les messages d’autres personnes, leurs adresses e-mail et leurs coordonnées ne sont pas inclus.',
    '',
    list('fr'),
    '',
    '----------------------------------------',
    '',
    'FinancialTracker — your personal data',
    '',
    `Export of the data of ${who.name} (${who.email}), on ${dateIn('en-GB', at)} (Paris time).`,
    'Dates in the JSON files are ISO 8601, in UTC; amounts are in euro cents.',
    'Other people’s messages, e-mail addresses and contact details are not included.',
    '',
    list('en'),
  ].join('\n')}\n`;
}
