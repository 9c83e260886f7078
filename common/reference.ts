/** Reference lists shared by the API and the client: French regions, sectors, company sizes, languages. */
export const regions = [
  'auvergne-rhone-alpes',
  'bourgogne-franche-comte',
  'bretagne',
  'centre-val-de-loire',
  'corse',
  'grand-est',
  'hauts-de-france',
  'ile-de-france',
  'normandie',
  'nouvelle-aquitaine',
  'occitanie',
  'pays-de-la-loire',
  'provence-alpes-cote-d-azur',
  'guadeloupe',
  'martinique',
  'guyane',
  'la-reunion',
  'mayotte',
] as const;
export type Region = (typeof regions)[number];

export const regionNames: Record<Region, string> = {
  'auvergne-rhone-alpes': 'Auvergne-Rhône-Alpes',
  'bourgogne-franche-comte': 'Bourgogne-Franche-Comté',
  bretagne: 'Bretagne',
  'centre-val-de-loire': 'Centre-Val de Loire',
  corse: 'Corse',
  'grand-est': 'Grand Est',
  'hauts-de-france': 'Hauts-de-France',
  'ile-de-france': 'Île-de-France',
  normandie: 'Normandie',
  'nouvelle-aquitaine': 'Nouvelle-Aquitaine',
  occitanie: 'Occitanie',
  'pays-de-la-loire': 'Pays de la Loire',
  'provence-alpes-cote-d-azur': "Provence-Alpes-Côte d'Azur",
  guadeloupe: 'Guadeloupe',
  martinique: 'Martinique',
  guyane: 'Guyane',
  'la-reunion': 'La Réunion',
  mayotte: 'Mayotte',
};

export const sectors = [
  'transport_routier',
  'transport_voyageurs',
  'taxi',
  'agriculture',
  'btp',
  'industrie',
  'commerce',
  'nettoyage',
  'securite',
  'hotellerie_restauration',
  'services',
  'sante',
  'autre',
] as const;
export type Sector = (typeof sectors)[number];

export const companySizes = ['1-9', '10-49', '50-249', '250-999', '1000+'] as const;
export type CompanySize = (typeof companySizes)[number];

export const languages = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar'] as const;
export type Language = (typeof languages)[number];
