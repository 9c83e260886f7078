import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createAdmin } from '../../../tests/support/factories.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';
import { listedExpert, refundedDossier } from './experts.factories.ts';

type Score = { productCode: string; region: string; staticScore: string; xmin: string };

/** An expert's recommendation scores, with the transaction that last wrote each row (`xmin`). */
const scoresOf = async (t: TestApp, expertId: string) =>
  (
    await sql<Score>`
      SELECT product_code, region, static_score::text, xmin::text FROM expert_reco_scores
      WHERE expert_id = ${expertId} ORDER BY product_code, region`.execute(t.db)
  ).rows;

const { cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  const expert = await listedExpert(
    t,
    admin,
    {
      firstName: 'Rémi',
      lastName: 'Barème',
      specialties: ['TICPE', 'URSSAF'],
      regions: ['bretagne'],
      languages: ['fr'],
    },
    { headline: 'Audits TICPE et URSSAF', city: 'Brest' },
  );
  const before = await scoresOf(t, expert.user.id);
  await refundedDossier(t, admin, expert, { proposed: 500_000, decided: 400_000, refunded: 400_000 });
  const recount = await sql<Omit<Score, 'xmin'>>`
    SELECT product_code, region, static_score::text FROM expert_reco_static_scores
    WHERE expert_id = ${expert.user.id} ORDER BY product_code, region`.execute(t.db);
  return { before, after: await scoresOf(t, expert.user.id), recount: recount.rows };
});

const ofProduct = (scores: Score[], product: string) => scores.filter((s) => s.productCode === product);

it('a refund on TICPE raises the expert’s TICPE scores, in their region and everywhere', () => {
  const before = ofProduct(cast.before, 'TICPE');
  const after = ofProduct(cast.after, 'TICPE');
  expect(after.map((s) => s.region)).toEqual(['*', 'bretagne']);
  after.forEach((score, i) => {
    expect(Number(score.staticScore)).toBeGreaterThan(Number(before[i]?.staticScore));
  });
});

it('leaves every score as a recount from the profile and the outcomes gives it', () => {
  expect(cast.after.map(({ xmin: _, ...score }) => score)).toEqual(cast.recount);
});

it('does not rewrite the expert’s scores on their other product (034: every score was deleted and written again)', () => {
  expect(ofProduct(cast.after, 'URSSAF')).toHaveLength(2);
  expect(ofProduct(cast.after, 'URSSAF')).toEqual(ofProduct(cast.before, 'URSSAF'));
});
