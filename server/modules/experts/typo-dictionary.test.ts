import { describe, expect, it } from 'vitest';
import {
  approvedExpert,
  appWithAdmin,
  registerExpert,
  type Session,
} from '../../../tests/support/factories.ts';

const { t, admin } = appWithAdmin();

const withBio = (bio: string) => ({
  expert: { specialties: ['TICPE'], regions: ['ile-de-france'], languages: ['fr'], bio },
});

/** The "did you mean" of a public search for `q`. */
async function suggestion(q: string): Promise<string | null> {
  const res = await t.request('GET', `/api/experts?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.correctedQuery;
}

async function setStatus(user: Session, action: 'suspend' | 'reactivate') {
  const res = await t.request('POST', `/api/admin/users/${user.user.id}/${action}`, {
    token: admin.token,
    body: action === 'suspend' ? { reason: 'Contrôle en cours' } : undefined,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('the typo dictionary', () => {
  it('suggests a word of a listed profile', async () => {
    await approvedExpert(t, admin, withBio('Spécialiste des flottes frigorifiques.'));
    expect(await suggestion('frigorifiqes')).toBe('frigorifiques');
  });

  it('does not suggest a word found only in a suspended expert’s bio', async () => {
    const expert = await approvedExpert(t, admin, withBio('Ancien transitaire transfrontalier.'));
    await setStatus(expert, 'suspend');
    expect(await suggestion('transfrontalir')).toBeNull();
  });

  it('does not suggest a word found only in a pending expert’s bio', async () => {
    await registerExpert(t, withBio('Passionné de viticulture biodynamique.'));
    expect(await suggestion('biodynamiqe')).toBeNull();
  });

  it('suggests the word again once the expert is reactivated', async () => {
    const expert = await approvedExpert(t, admin, withBio('Conseil en hydrogéologie minière.'));
    await setStatus(expert, 'suspend');
    await setStatus(expert, 'reactivate');
    expect(await suggestion('hidrogeologie')).toBe('hydrogeologie');
  });

  it('keeps a word another listed profile still holds when one expert is suspended', async () => {
    const first = await approvedExpert(t, admin, withBio('Audit des péniches fluviales.'));
    await approvedExpert(t, admin, withBio('Transport de péniches sur le Rhône.'));
    await setStatus(first, 'suspend');
    expect(await suggestion('peneches')).toBe('peniches');
  });
});
