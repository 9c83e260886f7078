import { Readable } from 'node:stream';
import { type DocumentCategory, isDocumentCategory } from '../../../common/document-categories.ts';
import type { DossierStatus } from '../../../common/dossiers.ts';
import type { Documents } from '../../modules/documents/documents.services.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Db } from '../pool.ts';
import { demoAccounts } from './demo.ts';
import { pdfFile } from './pdf-file.ts';

/** Statuses at which a dossier has its expert and is gathering or using its documents. */
const WITH_DOCUMENTS: readonly DossierStatus[] = [
  'documents_pending',
  'audit_in_progress',
  'audit_proposed',
  'submitted',
  'administration_decided',
  'refunded',
];
const MAX_DOSSIERS = 8;
const DAY_MS = 86_400_000;

/** What a demo document of each category says: believable words to find inside the file. */
const contents: Record<string, (company: string, n: number) => string[]> = {
  kbis: (c) => [
    `EXTRAIT KBIS\n\nGreffe du tribunal de commerce de Lyon\n\nDénomination : ${c}\nForme juridique : société par actions simplifiée\nActivité : transport routier de fret interurbain\nImmatriculation au registre du commerce et des sociétés.`,
  ],
  vehicle_registrations: (c) => [
    `Certificat d'immatriculation\n\nTitulaire : ${c}\nGenre national : CAM (camion)\nPoids total autorisé en charge : 19 000 kg\nÉnergie : gazole`,
  ],
  fuel_invoices: (c, n) => [
    `FACTURE N° GZ-2026-${1000 + n}\n\nClient : ${c}\nLivraison de gazole non routier et gazole professionnel\nQuantité : ${12_000 + n * 350} litres\nPrix unitaire HT : 1,412 €/L\nTICPE incluse.`,
    `Détail des livraisons par citerne\nCiterne 1 : dépôt de Vénissieux\nCiterne 2 : dépôt de Saint-Priest\nConditions de paiement : 30 jours fin de mois.`,
  ],
  fuel_card_statements: (c, n) => [
    `Relevé de cartes carburant — ${c}\nPériode : trimestre ${1 + (n % 4)} 2026\nTotal gazole : ${4_800 + n * 120} litres sur 14 cartes.`,
  ],
  dsn: (c, n) => [
    `Déclaration sociale nominative\n\nÉtablissement : ${c}\nMois principal déclaré : ${String(1 + (n % 12)).padStart(2, '0')}/2026\nEffectif : 42 salariés\nCotisations URSSAF et retraite complémentaire.`,
  ],
  payslips: (c, n) => [
    `Bulletin de paie\n\nEmployeur : ${c}\nSalaire de base : ${2_150 + n * 10},00 €\nRéduction générale des cotisations patronales appliquée\nNet à payer avant impôt sur le revenu.`,
  ],
  urssaf_statements: (c) => [
    `Relevé de compte URSSAF\n\nCotisant : ${c}\nSolde créditeur après régularisation annuelle.`,
  ],
  atmp_rate_notice: (c) => [
    `Notification du taux accidents du travail et maladies professionnelles\n\n${c}\nTaux net : 2,34 %`,
  ],
  collective_agreement: () => [
    `Convention collective nationale du bâtiment\nIndemnités de petits déplacements et frais professionnels.`,
  ],
  property_tax_notice: (c) => [
    `Avis de taxe foncière 2026\n\nPropriétaire : ${c}\nBase d'imposition des locaux commerciaux\nValeur locative cadastrale révisée.`,
  ],
  property_deed_or_lease: (c) => [
    `Bail commercial\n\nPreneur : ${c}\nDurée : neuf années entières et consécutives.`,
  ],
  premises_plans: () => [`Plans des locaux\nSurface de l'entrepôt : 2 400 m²\nBureaux : 180 m²`],
  msa_statements: (c) => [
    `Relevé de cotisations MSA\n\nExploitant : ${c}\nCotisations sociales agricoles de l'année.`,
  ],
  works_quotes: (c) => [
    `Devis — isolation des combles\n\nClient : ${c}\nOpération standardisée BAT-EN-101, certificats d'économies d'énergie.`,
  ],
  works_invoices: (c) => [
    `Facture de travaux\n\nClient : ${c}\nRemplacement de l'éclairage par des luminaires à LED.`,
  ],
  technical_sheets: () => [`Fiche technique\nRésistance thermique R = 7 m².K/W\nCertification ACERMI.`],
  energy_invoices: (c, n) => [
    `Facture d'électricité\n\nTitulaire : ${c}\nConsommation : ${180_000 + n * 1_000} kWh\nAccise sur l'électricité et contribution tarifaire d'acheminement.`,
  ],
  supply_contracts: (c) => [`Contrat de fourniture de gaz naturel\n\nClient : ${c}\nPrix fixe sur 36 mois.`],
};

/** Each file names its own reference, so that no two demo files are the same bytes (a dossier refuses a copy). */
function fileOf(category: DocumentCategory, company: string, n: number) {
  const [first = '', ...rest] = (contents[category] ?? ((c: string) => [`Document de ${c}`]))(company, n);
  return pdfFile([`${first}\n\nRéférence du document : DEMO-${category.toUpperCase()}-${n}`, ...rest]);
}

/**
 * The demo dossiers carry real documents: PDFs made here, uploaded through the documents service as the demo client
 * would (stored, encrypted when a master key is set, text extracted by the job), some approved, one rejected with a
 * new version, and an open request. Run once, right after the demo data.
 */
export async function seedDemoDocuments(db: Db, module: Documents, now: Date): Promise<number> {
  const client = await db
    .selectFrom('users')
    .select(['id', 'companyId'])
    .where('email', '=', demoAccounts.client.email)
    .executeTakeFirstOrThrow();
  const dossiers = await db
    .selectFrom('dossiers as d')
    .innerJoin('companies as c', 'c.id', 'd.companyId')
    .innerJoin('products as p', 'p.code', 'd.productCode')
    .innerJoin('users as e', 'e.id', 'd.expertId')
    .select(['d.id', 'd.status', 'd.companyId', 'd.expertId', 'c.name as company', 'p.documentCategories'])
    .where('d.companyId', '=', client.companyId)
    .where('d.status', 'in', WITH_DOCUMENTS)
    .orderBy('d.createdAt')
    .limit(MAX_DOSSIERS)
    .execute();
  const clientActor: Actor = { id: client.id, role: 'client', companyId: client.companyId };
  let count = 0;
  for (const [i, dossier] of dossiers.entries()) {
    const expert: Actor = { id: dossier.expertId!, role: 'expert', companyId: null };
    const [first, second, third] = dossier.documentCategories.filter(isDocumentCategory);
    const upload = async (category: DocumentCategory, n: number, comment?: string, documentId?: string) => {
      count += 1;
      const bytes = await fileOf(category, dossier.company, i * 10 + n);
      return module.documents.upload(
        clientActor,
        dossier.id,
        { category, documentId, comment },
        { filename: `${category}-${i + 1}${n > 1 ? `-v${n}` : ''}.pdf`, stream: Readable.from([bytes]) },
      );
    };
    if (first) {
      const doc = await upload(first, 1);
      await module.documents.review(expert, doc.id, doc.currentVersion.id, { decision: 'approved' });
    }
    if (second) {
      const doc = await upload(second, 1);
      if (i % 2 === 0) {
        await module.documents.review(expert, doc.id, doc.currentVersion.id, {
          decision: 'rejected',
          reason: 'Document incomplet : merci de fournir toutes les pages.',
        });
        await upload(second, 2, 'Version complète, toutes les pages', doc.id);
      }
    }
    if (third && dossier.status === 'documents_pending') {
      const due = new Date(now.getTime() + 7 * DAY_MS).toISOString().slice(0, 10);
      await module.requests.create(expert, dossier.id, {
        category: third,
        note: 'Merci de déposer les trois derniers documents.',
        dueDate: due,
      });
    }
  }
  return count;
}
