import type { Expr, ProductRules, Question } from '../../../common/products.ts';
import { sectors } from '../../../common/reference.ts';

export type ProductDefinition = {
  code: string;
  name: string;
  description: string;
  questions: Question[];
  rules: ProductRules;
  documentCategories: string[];
};

const v = (name: string): Expr => ({ var: name });
const gt0 = (name: string): Expr => ({ op: 'gt', args: [v(name), 0] });
const sectorIn = (...list: string[]): Expr => ({ op: 'in', args: [v('sector'), list] });
const cents = (euros: Expr, ...factors: number[]): Expr => ({ op: 'mul', args: [euros, 100, ...factors] });

const sectorLabels: Record<(typeof sectors)[number], [string, string]> = {
  transport_routier: ['Transport routier de marchandises', 'Road haulage'],
  transport_voyageurs: ['Transport public de voyageurs', 'Public passenger transport'],
  taxi: ['Taxi / VTC', 'Taxi'],
  agriculture: ['Agriculture', 'Agriculture'],
  btp: ['Bâtiment et travaux publics', 'Construction'],
  industrie: ['Industrie', 'Manufacturing'],
  commerce: ['Commerce', 'Retail and wholesale'],
  nettoyage: ['Propreté / nettoyage', 'Cleaning'],
  securite: ['Sécurité privée', 'Private security'],
  hotellerie_restauration: ['Hôtellerie-restauration', 'Hospitality'],
  services: ['Services aux entreprises', 'Business services'],
  sante: ['Santé', 'Healthcare'],
  autre: ['Autre', 'Other'],
};

const q = {
  sector: {
    id: 'sector',
    type: 'select',
    label: { fr: "Secteur d'activité", en: 'Business sector' },
    options: sectors.map((s) => ({ value: s, label: { fr: sectorLabels[s][0], en: sectorLabels[s][1] } })),
  },
  employees: {
    id: 'employees',
    type: 'number',
    min: 0,
    max: 1_000_000,
    label: { fr: 'Nombre de salariés', en: 'Number of employees' },
  },
  annualPayroll: {
    id: 'annualPayroll',
    type: 'number',
    unit: '€',
    min: 0,
    label: { fr: 'Masse salariale brute annuelle', en: 'Annual gross payroll' },
  },
  heavyVehicles: {
    id: 'heavyVehicles',
    type: 'number',
    min: 0,
    max: 100_000,
    label: { fr: 'Véhicules de plus de 7,5 tonnes', en: 'Vehicles over 7.5 tonnes' },
  },
  dieselLitres: {
    id: 'dieselLitres',
    type: 'number',
    unit: 'L',
    min: 0,
    label: { fr: 'Gazole consommé par an', en: 'Diesel used per year' },
  },
  ownsPremises: {
    id: 'ownsPremises',
    type: 'boolean',
    label: { fr: 'Propriétaire de locaux professionnels ?', en: 'Do you own business premises?' },
  },
  propertyTax: {
    id: 'propertyTax',
    type: 'number',
    unit: '€',
    min: 0,
    label: { fr: 'Taxe foncière annuelle', en: 'Annual property tax' },
  },
  msaContributions: {
    id: 'msaContributions',
    type: 'number',
    unit: '€',
    min: 0,
    label: { fr: 'Cotisations MSA annuelles', en: 'Annual MSA contributions' },
  },
  energyWorksAmount: {
    id: 'energyWorksAmount',
    type: 'number',
    unit: '€',
    min: 0,
    label: {
      fr: "Travaux d'économies d'énergie prévus ou réalisés",
      en: 'Energy-saving works planned or done',
    },
  },
  energySpend: {
    id: 'energySpend',
    type: 'number',
    unit: '€',
    min: 0,
    label: { fr: "Dépense annuelle d'électricité et de gaz", en: 'Annual electricity and gas spend' },
  },
} satisfies Record<string, Question>;

export const productDefinitions: ProductDefinition[] = [
  {
    code: 'TICPE',
    name: 'Remboursement partiel de TICPE (gazole professionnel)',
    description:
      'Récupération d’une partie de la taxe sur le gazole pour le transport routier (véhicules ≥ 7,5 t), le transport public, les taxis et l’agriculture.',
    questions: [q.sector, q.heavyVehicles, q.dieselLitres],
    rules: {
      eligibleWhen: {
        op: 'and',
        args: [
          sectorIn('transport_routier', 'transport_voyageurs', 'taxi', 'agriculture'),
          gt0('dieselLitres'),
          { op: 'or', args: [gt0('heavyVehicles'), sectorIn('taxi', 'agriculture')] },
        ],
      },
      // 0,157 €/L over the 3 claimable years.
      estimateCents: cents(v('dieselLitres'), 0.157, 3),
      reasons: [
        {
          when: gt0('heavyVehicles'),
          text: { fr: '{heavyVehicles} poids lourds ≥ 7,5 t', en: '{heavyVehicles} heavy vehicles ≥ 7.5 t' },
        },
        { text: { fr: '{dieselLitres} L de gazole par an', en: '{dieselLitres} L of diesel per year' } },
        { text: { fr: 'Remboursement de 0,157 €/L sur 3 ans', en: 'Refund of €0.157/L over 3 years' } },
      ],
    },
    documentCategories: ['kbis', 'vehicle_registrations', 'fuel_invoices', 'fuel_card_statements'],
  },
  {
    code: 'URSSAF',
    name: 'Optimisation des cotisations sociales',
    description:
      'Contrôle des réductions générales, des taux accident du travail et des aides à l’apprentissage sur les 3 dernières années.',
    questions: [q.employees, q.annualPayroll],
    rules: {
      eligibleWhen: { op: 'and', args: [gt0('employees'), gt0('annualPayroll')] },
      // About 1.5 % of the payroll, over 3 years.
      estimateCents: cents(v('annualPayroll'), 0.015, 3),
      reasons: [
        { text: { fr: '{employees} salariés', en: '{employees} employees' } },
        {
          text: {
            fr: 'Masse salariale de {annualPayroll} €/an, vérifiée sur 3 ans',
            en: 'Payroll of €{annualPayroll}/year, checked over 3 years',
          },
        },
      ],
    },
    documentCategories: ['dsn', 'payslips', 'urssaf_statements', 'atmp_rate_notice'],
  },
  {
    code: 'DFS',
    name: 'Déduction forfaitaire spécifique',
    description:
      'Abattement sur la base des cotisations pour les secteurs bénéficiant de frais professionnels spécifiques.',
    questions: [q.sector, q.annualPayroll],
    rules: {
      eligibleWhen: {
        op: 'and',
        args: [
          sectorIn('btp', 'transport_routier', 'transport_voyageurs', 'nettoyage', 'securite'),
          gt0('annualPayroll'),
        ],
      },
      estimateCents: cents(v('annualPayroll'), 0.01, 3),
      reasons: [
        { text: { fr: 'Secteur ouvrant droit à la DFS', en: 'Sector entitled to the DFS' } },
        { text: { fr: 'Masse salariale de {annualPayroll} €/an', en: 'Payroll of €{annualPayroll}/year' } },
      ],
    },
    documentCategories: ['dsn', 'payslips', 'collective_agreement'],
  },
  {
    code: 'FONCIER',
    name: 'Taxe foncière (révision de la valeur locative)',
    description:
      'Révision de la valeur locative des locaux commerciaux ou industriels et réclamation sur les années ouvertes.',
    questions: [q.ownsPremises, q.propertyTax],
    rules: {
      eligibleWhen: { op: 'and', args: [{ op: 'eq', args: [v('ownsPremises'), true] }, gt0('propertyTax')] },
      // About 10 % of the tax, over the 4 years still open to a claim.
      estimateCents: cents(v('propertyTax'), 0.1, 4),
      reasons: [
        {
          text: {
            fr: 'Taxe foncière de {propertyTax} €/an sur des locaux professionnels',
            en: 'Property tax of €{propertyTax}/year on business premises',
          },
        },
      ],
    },
    documentCategories: ['property_tax_notice', 'property_deed_or_lease', 'premises_plans'],
  },
  {
    code: 'MSA',
    name: 'Cotisations MSA',
    description: 'Vérification des cotisations des employeurs et exploitants agricoles.',
    questions: [q.sector, q.msaContributions],
    rules: {
      eligibleWhen: { op: 'and', args: [sectorIn('agriculture'), gt0('msaContributions')] },
      estimateCents: cents(v('msaContributions'), 0.05, 3),
      reasons: [
        {
          text: {
            fr: 'Cotisations MSA de {msaContributions} €/an, vérifiées sur 3 ans',
            en: 'MSA contributions of €{msaContributions}/year, checked over 3 years',
          },
        },
      ],
    },
    documentCategories: ['msa_statements', 'payslips'],
  },
  {
    code: 'CEE',
    name: "Certificats d'économies d'énergie",
    description:
      'Primes CEE pour les travaux d’isolation, de chauffage, d’éclairage ou d’équipements performants.',
    questions: [q.energyWorksAmount],
    rules: {
      eligibleWhen: gt0('energyWorksAmount'),
      estimateCents: cents(v('energyWorksAmount'), 0.15),
      reasons: [
        {
          text: {
            fr: "{energyWorksAmount} € de travaux d'économies d'énergie",
            en: '€{energyWorksAmount} of energy-saving works',
          },
        },
      ],
    },
    documentCategories: ['works_quotes', 'works_invoices', 'technical_sheets'],
  },
  {
    code: 'ENERGIE',
    name: "Optimisation des contrats d'énergie",
    description: 'Renégociation et contrôle des contrats d’électricité et de gaz.',
    questions: [q.energySpend],
    rules: {
      eligibleWhen: { op: 'gte', args: [v('energySpend'), 10_000] },
      estimateCents: cents(v('energySpend'), 0.15),
      reasons: [
        {
          text: { fr: "Facture d'énergie de {energySpend} €/an", en: 'Energy bill of €{energySpend}/year' },
        },
      ],
    },
    documentCategories: ['energy_invoices', 'supply_contracts'],
  },
];
