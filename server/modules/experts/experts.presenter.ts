import type { ExpertCard, ExpertProfile, Recommendation } from '../../../common/experts.ts';
import { type Language, type Region, regionNames } from '../../../common/reference.ts';
import type { CardRow, ProfileRow } from './profiles.repo.ts';
import type { RecommendationRow } from './recommendations.repo.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** An expert's card as the API shows it: in search results, recommendations and at the top of a profile. */
export function toCard(r: CardRow): ExpertCard {
  return {
    id: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    avatarUrl: r.avatarUrl,
    headline: r.headline,
    city: r.city,
    department: r.department,
    specialties: r.specialties,
    regions: r.regions as Region[],
    languages: r.languages as Language[],
    verified: r.verified,
    rating: {
      average: r.ratingAvg === null ? null : Number(r.ratingAvg),
      count: r.reviewCount,
      score: Number(r.ratingScore),
    },
    fee: {
      model: r.feeModel,
      commissionPercent: r.commissionPercent === null ? null : Number(r.commissionPercent),
      dayRateCents: r.dayRateCents,
    },
    yearsExperience: r.yearsExperience,
    capacity: r.capacity,
    activeLoad: r.activeLoad,
    available: r.activeLoad < r.capacity,
    medianResponseMinutes: r.medianResponseMinutes,
    completedDossiers: r.completedDossiers,
  };
}

function responseReason(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (minutes <= 60) return 'Répond en moins d’1 h';
  if (minutes <= 120) return 'Répond en moins de 2 h';
  if (minutes <= 240) return 'Répond en moins de 4 h';
  if (minutes <= 1440) return 'Répond en moins de 24 h';
  return null;
}

const languageNames: Record<Language, string> = {
  fr: 'français',
  en: 'anglais',
  es: 'espagnol',
  de: 'allemand',
  it: 'italien',
  pt: 'portugais',
  ar: 'arabe',
};

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
const frNumber = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');

/** A profile as the API shows it: the card, the outcomes, the rating breakdown and the latest reviews. */
export function toProfile(row: ProfileRow, latestReviews: ExpertProfile['latestReviews']): ExpertProfile {
  const n = row.reviewCount;
  const avg = (sum: number) => (n > 0 ? round2(sum / n) : null);
  const decided = row.completedDossiers + row.refusedDossiers;
  return {
    ...toCard(row),
    bio: row.bio,
    certifications: row.certifications,
    yearsByProduct: row.yearsByProduct,
    outcomes: {
      completedDossiers: row.completedDossiers,
      refusedDossiers: row.refusedDossiers,
      successRate: decided > 0 ? round2(row.completedDossiers / decided) : null,
      recoveredCents: row.recoveredCents,
    },
    ratingBreakdown: { 1: row.stars1, 2: row.stars2, 3: row.stars3, 4: row.stars4, 5: row.stars5 },
    subCriteria: {
      communication: avg(row.communicationSum),
      expertise: avg(row.expertiseSum),
      speed: avg(row.speedSum),
    },
    latestReviews,
    verifiedAt: row.verifiedAt ? row.verifiedAt.toISOString() : null,
  };
}

/** A recommendation as the API shows it: the card, the score and the reasons, in French. */
export function toRecommendation(
  r: RecommendationRow,
  { product, region, language }: { product: string; region: Region; language: Language },
): Recommendation {
  const reasons: string[] = [];
  reasons.push(
    r.yearsOnProduct > 0
      ? `Spécialiste ${product} depuis ${plural(r.yearsOnProduct, 'an', 'ans')}`
      : `Spécialiste ${product}`,
  );
  if (r.regionMatch) reasons.push(`Basé en ${regionNames[region] ?? region}`);
  if (r.languageMatch && language !== 'fr') reasons.push(`Parle ${languageNames[language]}`);
  if (r.reviewCount >= 3 && r.ratingAvg !== null) {
    reasons.push(`Noté ${frNumber(Number(r.ratingAvg))}/5 sur ${plural(r.reviewCount, 'avis', 'avis')}`);
  }
  const response = responseReason(r.medianResponseMinutes);
  if (response) reasons.push(response);
  if (r.productCompleted > 0) {
    reasons.push(
      `${plural(r.productCompleted, `dossier ${product} mené`, `dossiers ${product} menés`)} à terme`,
    );
  }
  const free = r.capacity - r.activeLoad;
  if (free > 0) reasons.push(`Disponible : ${plural(free, 'place libre', 'places libres')}`);
  if (r.verified) reasons.push('Expert vérifié');
  return { expert: toCard(r), score: Number(r.score), reasons };
}
