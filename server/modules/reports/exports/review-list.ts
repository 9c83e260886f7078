import type { z } from 'zod';
import type { reviewExportFilters } from '../../../../common/reports.ts';
import { forbidden } from '../../../platform/errors.ts';
import { reviewsRepo } from '../../experts/reviews.repo.ts';
import type { ListSource } from './list-source.ts';

const PAGE_ROWS = 1000;

const labels = {
  fr: [
    'Date',
    'Produit',
    'Entreprise',
    'Auteur',
    'Note',
    'Communication',
    'Expertise',
    'Rapidité',
    'Avis',
    'Réponse',
    'Masqué',
  ],
  en: [
    'Date',
    'Product',
    'Company',
    'Author',
    'Rating',
    'Communication',
    'Expertise',
    'Speed',
    'Review',
    'Reply',
    'Hidden',
  ],
};
const keys = [
  'at',
  'product',
  'company',
  'author',
  'rating',
  'communication',
  'expertise',
  'speed',
  'text',
  'reply',
  'hidden',
];
const formats = ['date', 'text', 'text', 'text', 'int', 'int', 'int', 'int', 'text', 'text', 'text'] as const;
const yesNo = { fr: ['oui', 'non'], en: ['yes', 'no'] };

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

/** An expert's reviews, newest first: an expert's own, or any expert's for an admin (with the hidden ones). */
export const reviewList: ListSource<z.infer<typeof reviewExportFilters>> = {
  name: 'avis',
  title: (locale) => (locale === 'fr' ? 'Avis' : 'Reviews'),
  check: (_db, actor, { expertId }) => {
    if (actor.role !== 'admin' && actor.id !== expertId) throw forbidden();
  },
  columns: (locale) => keys.map((key, i) => ({ key, label: labels[locale][i]!, format: formats[i]! })),
  count: async () => null,
  async *pages(db, actor, { expertId }, locale) {
    let afterId: string | undefined;
    for (;;) {
      const rows = await reviewsRepo.latestReviews(db, expertId, PAGE_ROWS, afterId, actor.role === 'admin');
      yield rows.map((r) => ({
        at: parisDay.format(r.createdAt),
        product: r.productCode,
        company: r.companyName,
        author: `${r.authorFirstName} ${r.authorLastName}`,
        rating: r.rating,
        communication: r.communication,
        expertise: r.expertise,
        speed: r.speed,
        text: r.text,
        reply: r.reply,
        hidden: yesNo[locale][r.hidden ? 0 : 1]!,
      }));
      if (rows.length < PAGE_ROWS) return;
      afterId = rows.at(-1)!.id;
    }
  },
};
