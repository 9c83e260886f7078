/**
 * The categories of documents a dossier may hold, named in French and English. Products list the codes they require
 * (`product.documentCategories`); `other` is always accepted. Adding a category is adding a line here.
 */
export const documentCategories = {
  kbis: { fr: 'Extrait Kbis', en: 'Company registration (Kbis)' },
  vehicle_registrations: { fr: 'Cartes grises', en: 'Vehicle registration certificates' },
  fuel_invoices: { fr: 'Factures de carburant', en: 'Fuel invoices' },
  fuel_card_statements: { fr: 'Relevés de cartes carburant', en: 'Fuel card statements' },
  dsn: { fr: 'DSN', en: 'Payroll declarations (DSN)' },
  payslips: { fr: 'Bulletins de paie', en: 'Payslips' },
  urssaf_statements: { fr: 'Relevés URSSAF', en: 'URSSAF statements' },
  atmp_rate_notice: { fr: 'Notification de taux AT/MP', en: 'Workplace accident rate notice' },
  collective_agreement: { fr: 'Convention collective', en: 'Collective agreement' },
  property_tax_notice: { fr: 'Avis de taxe foncière', en: 'Property tax notice' },
  property_deed_or_lease: { fr: 'Acte de propriété ou bail', en: 'Title deed or lease' },
  premises_plans: { fr: 'Plans des locaux', en: 'Floor plans' },
  msa_statements: { fr: 'Relevés MSA', en: 'MSA statements' },
  works_quotes: { fr: 'Devis des travaux', en: 'Works quotes' },
  works_invoices: { fr: 'Factures des travaux', en: 'Works invoices' },
  technical_sheets: { fr: 'Fiches techniques', en: 'Technical data sheets' },
  energy_invoices: { fr: "Factures d'énergie", en: 'Energy bills' },
  supply_contracts: { fr: 'Contrats de fourniture', en: 'Supply contracts' },
  engagement_letter: { fr: 'Lettre de mission', en: 'Engagement letter' },
  other: { fr: 'Autre document', en: 'Other document' },
} as const satisfies Record<string, { fr: string; en: string }>;

export type DocumentCategory = keyof typeof documentCategories;
export const documentCategoryCodes = Object.keys(documentCategories) as [
  DocumentCategory,
  ...DocumentCategory[],
];

export const isDocumentCategory = (code: string): code is DocumentCategory => code in documentCategories;

export const documentCategoryName = (code: string, locale: 'fr' | 'en'): string =>
  isDocumentCategory(code) ? documentCategories[code][locale] : code;
