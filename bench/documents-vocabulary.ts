/**
 * The French words the benchmark's extracted text is made of: about 2,800 forms (plurals, feminines, conjugations)
 * of the lemmas of invoices, payslips, tax notices and energy bills, ranked for Zipf-like frequencies: function
 * words first, then the base forms, then the rarer inflections. Rank r is drawn with probability ∝ 1/r.
 */

const functionWords = `de la le et les des en du à un une pour sur par au aux est dans que qui ce cette ces avec
  sont ont pas plus son sa ses leur leurs ne se il elle nous vous ils été être sans sous entre selon chaque tout
  tous toute toutes notre votre nos vos mais ou donc ainsi également lors après avant depuis dont où même si comme
  très aussi encore déjà toujours non hors vers chez afin`;

// Lemmas in rough order of use in such documents: the earlier, the more frequent.
const nouns = `facture montant société date période total taxe déclaration client contrat paiement compte référence
  service dossier document article quantité prix remise échéance règlement fournisseur adresse numéro siège capital
  gérant activité établissement salarié cotisation salaire bulletin employeur exercice bilan charge produit véhicule
  carburant gazole litre kilomètre immatriculation carte station consommation énergie électricité gaz compteur
  abonnement puissance tarif contribution acompte solde remboursement crédit débit banque virement prélèvement chèque
  relevé opération transaction commission intérêt taux base assiette exonération réduction allègement déduction
  régularisation majoration pénalité retard délai mois année trimestre semestre jour semaine commune département
  région ville rue code propriétaire locataire bail loyer local surface terrain bâtiment parcelle cadastre valeur
  évaluation expert audit rapport analyse estimation proposition décision administration douane impôt trésor
  organisme caisse mutuelle prévoyance retraite accident travail maladie risque sinistre assurance garantie
  attestation certificat justificatif pièce annexe signature cachet original copie duplicata page ligne tableau
  colonne rubrique section chapitre paragraphe mention observation remarque note commentaire demande réponse
  réclamation recours contestation litige procédure instruction contrôle vérification inspection conformité norme
  réglementation loi décret arrêté circulaire directive convention accord avenant clause condition obligation
  engagement responsabilité personnel effectif embauche apprenti stagiaire cadre ouvrier employé poste fonction
  qualification coefficient échelon ancienneté prime indemnité heure congé absence formation transport livraison
  marchandise commande devis bon stock entrepôt camion remorque tracteur flotte chauffeur trajet distance tonne
  poids moteur réservoir plein pompe ticket reçu chantier isolation chauffage éclairage fenêtre toiture chaudière
  équipement matériel installation entretien maintenance réparation intervention technicien fiche caractéristique
  performance rendement économie kilowatt aide subvention dispositif programme bénéficiaire demandeur entreprise
  groupe filiale associé actionnaire président directeur responsable comptable juriste conseil cabinet mission
  tribunal greffe registre commerce extrait statut forme dénomination enseigne objet durée identifiant agriculture
  exploitation exploitant culture élevage récolte cheptel hectare irrigation serre vigne fourrage semence engrais
  machine outil atelier usine production fabrication emballage palette conteneur fret expédition destinataire
  expéditeur colis tournée itinéraire péage autoroute parking garage pneu vidange carrosserie kilométrage plaque
  propriété acquisition cession vente achat location crédit-bail emprunt échéancier mensualité annuité amortissement
  provision réserve résultat chiffre recette dépense budget prévision écart marge bénéfice perte trésorerie liquidité
  créance dette créancier débiteur huissier relance rappel avis notification courrier lettre formulaire imprimé
  cerfa rubrique case signataire mandataire représentant délégation pouvoir procuration identité justification
  domicile résidence foyer enfant conjoint famille revenu patrimoine foncier habitation logement immeuble copropriété
  syndic lot étage cave appartement maison`;

const adjectives = `total mensuel annuel fiscal social net brut légal réglementaire professionnel commercial
  industriel agricole foncier local national régional départemental municipal public privé individuel collectif
  salarial patronal forfaitaire proportionnel réel estimé provisoire définitif initial final précédent suivant
  dernier premier prochain antérieur ultérieur courant exceptionnel ordinaire normal réduit majoré exonéré éligible
  applicable exigible payé impayé réglé encaissé versé remboursé contesté accepté refusé validé signé daté
  conforme complet incomplet illisible manquant valide expiré actif inactif principal secondaire technique
  énergétique thermique électrique mécanique routier lourd léger neuf ancien récent mobile fixe variable
  disponible nécessaire obligatoire facultatif important urgent prioritaire habituel régulier trimestriel
  semestriel journalier horaire effectif moyen maximal minimal global partiel entier unitaire administratif
  juridique comptable financier économique bancaire postal numérique électronique manuel automatique officiel
  ministériel européen français`;

// Regular -er verbs only (no stem vowel change), so that every form below is a real one.
const verbs = `facturer payer verser déclarer calculer demander transmettre signer valider refuser rembourser
  régulariser contrôler vérifier justifier présenter déposer adresser informer indiquer préciser mentionner relancer
  constater observer estimer évaluer chiffrer déduire imputer affecter comptabiliser enregistrer classer archiver
  conserver fournir livrer transporter charger décharger consommer utiliser installer entretenir réparer remplacer
  modifier corriger annuler reporter prolonger résilier souscrire assurer garantir couvrir indemniser réduire
  majorer appliquer bénéficier solliciter accorder attribuer notifier communiquer contacter joindre retourner
  recevoir expédier vendre louer emprunter amortir provisionner encaisser décaisser virer débiter créditer solder
  clôturer ouvrir fermer démarrer terminer planifier organiser diriger embaucher licencier former travailler
  exploiter cultiver récolter irriguer stocker emballer circuler stationner`;

function nounForms(noun: string): string[] {
  if (/[sxz]$/.test(noun)) return [noun];
  if (noun === 'travail' || noun === 'bail') return [noun, `${noun.slice(0, -2)}ux`];
  if (/al$/.test(noun)) return [noun, `${noun.slice(0, -2)}aux`];
  if (/(eau|au|eu)$/.test(noun) && noun !== 'pneu') return [noun, `${noun}x`];
  return [noun, `${noun}s`];
}

const irregularFeminines: Record<string, string> = {
  net: 'nette',
  public: 'publique',
  complet: 'complète',
  incomplet: 'incomplète',
};

function feminineOf(adjective: string): string {
  if (irregularFeminines[adjective]) return irregularFeminines[adjective];
  if (adjective.endsWith('e')) return adjective;
  if (adjective.endsWith('f')) return `${adjective.slice(0, -1)}ve`;
  // The final consonant doubles: mensuelle, moyenne.
  if (adjective.endsWith('el') || adjective.endsWith('en')) return `${adjective}${adjective.at(-1)}e`;
  if (adjective.endsWith('er')) return `${adjective.slice(0, -2)}ère`;
  return `${adjective}e`;
}

function adjectiveForms(adjective: string): string[] {
  const feminine = feminineOf(adjective);
  const masculinePlural = /[sx]$/.test(adjective)
    ? adjective
    : adjective.endsWith('al')
      ? `${adjective.slice(0, -2)}aux`
      : `${adjective}s`;
  return [adjective, feminine, masculinePlural, `${feminine}s`];
}

/** The base forms first (infinitive, past participle), then the conjugations, rarer. */
function verbForms(verb: string): { base: string[]; inflected: string[] } {
  if (!verb.endsWith('er')) {
    // The few -ir/-re verbs of the list keep their infinitive only.
    return { base: [verb], inflected: [] };
  }
  const stem = verb.slice(0, -2);
  // Before a or o, g takes an e and c a cedilla (mangeons, plaçant).
  const hard = stem.endsWith('g') ? `${stem}e` : stem.endsWith('c') ? `${stem.slice(0, -1)}ç` : stem;
  return {
    base: [verb, `${stem}é`],
    inflected: [
      `${stem}e`,
      `${stem}ée`,
      `${stem}és`,
      `${stem}ées`,
      `${stem}ent`,
      `${hard}ons`,
      `${stem}ez`,
      `${hard}ait`,
      `${hard}aient`,
      `${stem}era`,
      `${stem}eront`,
      `${hard}ant`,
      `${stem}es`,
    ],
  };
}

// Rare terms (trades, equipment, law), each drawn far less often than any ranked word: the long tail of a real
// corpus, where a word is in a few hundred pages of the whole set and a handful of any one company's.
const rare = `anémomètre hygrométrie géomètre bornage servitude usufruit indivision hypothèque nantissement
  cautionnement affacturage escompte agio warrant connaissement dédouanement transitaire entrepositaire accise
  tonnage gerbeur transpalette élévateur nacelle échafaudage ravalement zinguerie charpente maçonnerie plâtrerie
  carrelage menuiserie huisserie vitrage ventilation climatisation géothermie photovoltaïque onduleur éolienne
  biomasse méthaniseur cogénération calorifugeage pépinière apiculture viticulture fromagerie boulangerie
  pâtisserie blanchisserie tréfilerie fonderie chaudronnerie ébénisterie tonnellerie maroquinerie horlogerie
  orfèvrerie imprimerie reliure sérigraphie lithographie brasserie distillerie conserverie minoterie scierie
  tannerie verrerie faïencerie briqueterie cimenterie carrière sablière gravière draguage terrassement
  enrochement drainage assèchement défrichage débroussaillage élagage abattage dessouchage ensilage fenaison
  moisson vendange pressurage vinification embouteillage étiquetage palettisation filmage cerclage frigorifique
  congélateur chambre froide isotherme hayon benne citerne plateau porteur grumier bétaillère fourgon
  tachygraphe chronotachygraphe éthylotest gyrophare attelage sellette essieu suspension freinage ralentisseur
  injecteur turbocompresseur catalyseur particules adblue lubrifiant antigel dégivrage carénage spoiler
  déflecteur bâche ridelle arrimage sanglage calage manutention préparateur cariste magasinier régisseur
  intendant économat mandatement ordonnancement liquidation forclusion prescription déchéance caducité
  nullité rescrit dégrèvement abattement plafonnement lissage proratisation mutualisation péréquation`;

const list = (text: string) => text.split(/\s+/).filter(Boolean);

/** A fixed pseudo-random permutation (the same every run): mixes words of one tier without changing the tiers. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function buildVocabulary(): string[] {
  const nounList = list(nouns);
  const adjectiveList = list(adjectives);
  const verbList = list(verbs).map(verbForms);
  // Tier 1: the lemmas, interleaved in their order of use; tier 2: plurals, feminines, participles; tier 3: the rest.
  const tier1: string[] = [];
  const tier2: string[] = [];
  for (let i = 0; i < nounList.length; i++) {
    const [singular, ...plural] = nounForms(nounList[i]!);
    tier1.push(singular!);
    tier2.push(...plural);
    const adjective = adjectiveList[i];
    if (adjective) {
      const [masculine, ...others] = adjectiveForms(adjective);
      tier1.push(masculine!);
      tier2.push(...others);
    }
    const verb = verbList[i];
    if (verb) {
      tier1.push(verb.base[0]!);
      tier2.push(...verb.base.slice(1));
    }
  }
  const tier3 = verbList.flatMap((v) => v.inflected);
  const ordered = [...list(functionWords), ...tier1, ...shuffled(tier2, 7), ...shuffled(tier3, 11)];
  return [...new Set(ordered)];
}

/** The words by rank (index 0 is the most frequent). */
export const vocabulary: readonly string[] = buildVocabulary();

/** The rare terms (drawn apart from the ranked words, see `drawWord`). */
export const rareWords: readonly string[] = [...new Set(list(rare))];

/** The share of drawn words that are a rare term (each of them a 1/rareWords.length part of it). */
export const RARE_SHARE = 0.0004;

/** The share of drawn words that are this word, under the laws of `drawWord`. */
export function wordShare(word: string): number {
  if (rareWords.includes(word)) return RARE_SHARE / rareWords.length;
  const rank = vocabulary.indexOf(word);
  return rank < 0 ? 0 : ((1 - RARE_SHARE) * Math.log((rank + 2) / (rank + 1))) / lnRanks;
}

const lnRanks = Math.log(vocabulary.length + 1);

/**
 * A word: a rare term with probability RARE_SHARE, else the ranked word of 0-based rank r with probability
 * ∝ 1/(r + 1) (exp of a uniform draw over [0, ln(V + 1)), floored).
 */
export function drawWord(random: () => number): string {
  const u = random();
  if (u < RARE_SHARE) return rareWords[Math.floor((u / RARE_SHARE) * rareWords.length)]!;
  return vocabulary[Math.floor(Math.exp(random() * lnRanks)) - 1]!;
}
