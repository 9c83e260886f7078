import { z } from 'zod';
import { expertSorts } from './expert-sorts.ts';
import { pageQuery } from './pagination.ts';
import { languages, regions } from './reference.ts';
import { searchText } from './text.ts';
import { productCode } from './users.ts';

/** Marketplace API contract: search, profiles, reviews, recommendations, expert requests. */

/** Why the marketplace refuses a request. */
export const expertErrorCodes = [
  'EXPERT_NOT_AVAILABLE',
  'EXPERT_PRODUCT_NOT_COVERED',
  'EXPERT_AT_CAPACITY',
  'EXPERT_REQUEST_CLOSED',
  'REVIEW_NOT_ALLOWED',
  'REVIEW_ALREADY_WRITTEN',
  'REVIEW_ALREADY_ANSWERED',
  'REVIEW_ALREADY_HIDDEN',
] as const;

export { type ExpertSort, expertSorts } from './expert-sorts.ts';

export const feeModels = ['commission', 'day_rate'] as const;
export type FeeModel = (typeof feeModels)[number];

/** A French department code: 01–95, 2A, 2B, 971–976. */
export const department = z.string().regex(/^(\d{2}|2A|2B|97\d)$/, 'Département invalide');

const queryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).max(10)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

export const expertSearchQuery = z.object({
  q: searchText({ max: 100 }).optional(),
  product: oneOrMany(productCode).optional(),
  region: z.enum(regions).optional(),
  department: department.optional(),
  language: z.enum(languages).optional(),
  minRating: z.coerce.number().min(1).max(5).optional(),
  /** Highest success fee, in percent of the amount obtained. */
  maxCommission: z.coerce.number().min(0).max(100).optional(),
  /** Highest day rate, in cents. */
  maxDayRate: z.coerce.number().int().min(0).max(1e9).optional(),
  /** Only experts with capacity left now. */
  available: queryBool.optional(),
  minYears: z.coerce.number().int().min(0).max(70).optional(),
  verified: queryBool.optional(),
  /** Defaults to relevance when q is set, to rating otherwise. */
  sort: z.enum(expertSorts).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(300).optional(),
});
export type ExpertSearchQuery = z.infer<typeof expertSearchQuery>;
export type ExpertSearchParams = z.input<typeof expertSearchQuery>;

export const expertRating = z.object({
  /** Plain average of visible reviews, 2 decimals; null without reviews. */
  average: z.number().nullable(),
  count: z.number().int(),
  /** Bayesian average (prior: 10 reviews at 4.0) used for ranking. */
  score: z.number(),
});

export const expertFee = z.object({
  model: z.enum(feeModels),
  commissionPercent: z.number().nullable(),
  dayRateCents: z.number().int().nullable(),
});

export const expertCard = z.object({
  id: z.string().uuid(),
  firstName: z.string(),
  lastName: z.string(),
  avatarUrl: z.string().nullable(),
  headline: z.string(),
  city: z.string(),
  department: z.string().nullable(),
  specialties: z.array(z.string()),
  regions: z.array(z.enum(regions)),
  languages: z.array(z.enum(languages)),
  verified: z.boolean(),
  rating: expertRating,
  fee: expertFee,
  yearsExperience: z.number().int(),
  capacity: z.number().int(),
  activeLoad: z.number().int(),
  available: z.boolean(),
  medianResponseMinutes: z.number().int().nullable(),
  completedDossiers: z.number().int(),
});
export type ExpertCard = z.infer<typeof expertCard>;

export const facetBucket = z.object({ value: z.string(), count: z.number().int() });
export type FacetBucket = z.infer<typeof facetBucket>;

export const expertFacets = z.object({
  products: z.array(facetBucket),
  regions: z.array(facetBucket),
  departments: z.array(facetBucket),
  languages: z.array(facetBucket),
  /** Experts rated at least 4, 3, 2, 1 (values "4", "3", …). */
  minRating: z.array(facetBucket),
  verified: z.array(facetBucket),
  available: z.array(facetBucket),
});
export type ExpertFacets = z.infer<typeof expertFacets>;

export const expertSearchResult = z.object({
  items: z.array(expertCard),
  nextCursor: z.string().nullable(),
  /**
   * Matches in all, and the counts per filter value; both null when they were not counted this time (a rare, costly
   * filter set over the server's time budget, or the server busy counting others): the page itself is complete.
   */
  total: z.number().int().nullable(),
  facets: expertFacets.nullable(),
  /** When nothing matched the words as typed, the corrected words searched instead ("comptabel" → "comptable"). */
  correctedQuery: z.string().nullable(),
});
export type ExpertSearchResult = z.infer<typeof expertSearchResult>;

export const review = z.object({
  id: z.string().uuid(),
  expertId: z.string().uuid(),
  dossierId: z.string().uuid(),
  productCode: z.string(),
  rating: z.number().int(),
  communication: z.number().int(),
  expertise: z.number().int(),
  speed: z.number().int(),
  text: z.string(),
  /** "Claire D." and the company: enough to trust a review, no more. */
  author: z.object({ name: z.string(), companyName: z.string() }),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  createdAt: z.string(),
});
export type Review = z.infer<typeof review>;

export const expertProfile = expertCard.extend({
  bio: z.string(),
  certifications: z.array(z.string()),
  yearsByProduct: z.record(z.string(), z.number().int()),
  outcomes: z.object({
    completedDossiers: z.number().int(),
    refusedDossiers: z.number().int(),
    /** completed / (completed + refused), null before the first decision. */
    successRate: z.number().nullable(),
    recoveredCents: z.number().int(),
  }),
  ratingBreakdown: z.object({
    1: z.number().int(),
    2: z.number().int(),
    3: z.number().int(),
    4: z.number().int(),
    5: z.number().int(),
  }),
  subCriteria: z.object({
    communication: z.number().nullable(),
    expertise: z.number().nullable(),
    speed: z.number().nullable(),
  }),
  latestReviews: z.array(review),
  verifiedAt: z.string().nullable(),
});
export type ExpertProfile = z.infer<typeof expertProfile>;

const yearsByProduct = z
  .record(productCode, z.number().int().min(0).max(70))
  .refine((r) => Object.keys(r).length <= 10, 'Trop de produits');

export const expertProfileUpdate = z
  .object({
    headline: z.string().trim().max(160),
    bio: z.string().trim().max(4000),
    city: z.string().trim().max(80),
    department: department.nullable(),
    avatarUrl: z
      .string()
      .url()
      .max(500)
      .refine((u) => /^https:\/\//.test(u), 'Adresse https requise')
      .nullable(),
    specialties: z.array(productCode).min(1).max(10),
    regions: z.array(z.enum(regions)).min(1).max(18),
    languages: z.array(z.enum(languages)).min(1).max(7),
    certifications: z.array(z.string().trim().min(2).max(120)).max(20),
    yearsByProduct,
    yearsExperience: z.number().int().min(0).max(70),
    fee: z.discriminatedUnion('model', [
      z.object({ model: z.literal('commission'), commissionPercent: z.number().gt(0).max(100) }),
      z.object({ model: z.literal('day_rate'), dayRateCents: z.number().int().min(1).max(1e9) }),
    ]),
    capacity: z.number().int().min(0).max(1000),
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'Aucune modification');
export type ExpertProfileUpdate = z.infer<typeof expertProfileUpdate>;

const score = z.number().int().min(1).max(5);
export const reviewInput = z.object({
  dossierId: z.string().uuid(),
  rating: score,
  communication: score,
  expertise: score,
  speed: score,
  text: z.string().trim().max(4000).default(''),
});
export type ReviewInput = z.infer<typeof reviewInput>;

export const reviewReplyInput = z.object({ text: z.string().trim().min(2).max(4000) });
export const reviewHideInput = z.object({ reason: z.string().trim().min(3).max(2000) });

export const reviewListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  cursor: z.string().max(200).optional(),
});

export const recommendationQuery = z.object({
  dossierId: z.string().uuid(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const recommendation = z.object({
  expert: expertCard,
  /** 0–100, deterministic for the same data. */
  score: z.number(),
  /** Why this expert, in French ("Spécialiste TICPE depuis 8 ans"). */
  reasons: z.array(z.string()),
});
export type Recommendation = z.infer<typeof recommendation>;
export const recommendationList = z.object({ items: z.array(recommendation) });

export const expertRequestStatuses = ['requested', 'accepted', 'declined', 'cancelled'] as const;
export type ExpertRequestStatus = (typeof expertRequestStatuses)[number];

export const expertRequestInput = z.object({
  expertId: z.string().uuid(),
  message: z.string().trim().max(2000).optional(),
});
export const expertRequestDeclineInput = z.object({ reason: z.string().trim().min(3).max(2000) });

export const expertRequest = z.object({
  id: z.string().uuid(),
  status: z.enum(expertRequestStatuses),
  dossier: z.object({
    id: z.string().uuid(),
    reference: z.string(),
    productCode: z.string(),
    status: z.string(),
  }),
  expert: z.object({ id: z.string().uuid(), firstName: z.string(), lastName: z.string() }),
  company: z.object({ id: z.string().uuid(), name: z.string(), region: z.string() }),
  message: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
});
export type ExpertRequest = z.infer<typeof expertRequest>;

export const expertRequestListQuery = pageQuery.extend({
  status: z.enum(expertRequestStatuses).optional(),
});

/** Real-time: a request to an expert for a dossier was made, accepted or declined (client company, expert, admins). */
export type ExpertRequestUpdated = {
  requestId: string;
  dossierId: string;
  expertId: string;
  state: 'created' | 'accepted' | 'declined';
  at: string;
};

/** Real-time: a review of the expert was posted, answered or hidden (the expert and the reviewing company). */
export type ReviewUpdated = {
  reviewId: string;
  expertId: string;
  state: 'created' | 'replied' | 'hidden';
  at: string;
};
