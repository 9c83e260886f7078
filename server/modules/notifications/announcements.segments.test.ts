import { describe, expect, it } from 'vitest';
import type { AnnouncementSegment } from '../../../common/announcements.ts';
import {
  approvedExpert,
  clientInput,
  createAdmin,
  createDossier,
  registerClient,
  registerExpert,
  type Session,
  walk,
} from '../../../tests/support/factories.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';

/**
 * Few enough people that every segment below selects at most five of them: the preview names them all, so the test
 * reads exactly whom a segment selects.
 */
async function segmentCast(t: TestApp) {
  const admin = await createAdmin(t);
  const client = (region: string) => registerClient(t, { company: { ...clientInput().company, region } });
  const expert = (regions: string[], specialties: string[]) =>
    approvedExpert(t, admin, { expert: { specialties, regions, languages: ['fr'], bio: '' } });
  // Bretagne, a TICPE draft.
  const breton = await client('bretagne');
  await createDossier(t, breton, 'TICPE');
  // Occitanie, a TICPE dossier at expert_pending with `ticpeExpert`.
  const occitan = await client('occitanie');
  // Bretagne, no dossier.
  const idle = await client('bretagne');
  // Bretagne, a TICPE draft, then suspended: never selected.
  const suspended = await client('bretagne');
  await createDossier(t, suspended, 'TICPE');
  const ticpeExpert = await expert(['bretagne'], ['TICPE']);
  const ceeExpert = await expert(['occitanie'], ['CEE', 'URSSAF']);
  // Awaiting approval: never selected.
  const pendingExpert = await registerExpert(t, {
    expert: { specialties: ['TICPE'], regions: ['bretagne'], languages: ['fr'], bio: '' },
  });
  const d = await createDossier(t, occitan, 'TICPE');
  await walk(t, d.id, [
    [occitan, { to: 'pre_eligibility_pending' }],
    [occitan, { to: 'pre_eligibility_review' }],
    [admin, { to: 'eligible' }],
  ]);
  const assign = await t.request('POST', `/api/admin/dossiers/${d.id}/assign`, {
    token: admin.token,
    body: { expertId: ticpeExpert.user.id },
  });
  expect(assign.status).toBe(200);
  const suspend = await t.request('POST', `/api/admin/users/${suspended.user.id}/suspend`, {
    token: admin.token,
    body: { reason: 'Essai de segment' },
  });
  expect(suspend.status).toBe(200);
  return { admin, breton, occitan, idle, suspended, ticpeExpert, ceeExpert, pendingExpert };
}

const { t, cast } = appWith(segmentCast);

/** Whom a segment selects: the preview's count and the ids it names (all of them, at most five). */
async function selected(segment: Partial<AnnouncementSegment>) {
  const res = await t.request('POST', '/api/admin/announcements/preview', {
    token: cast.admin.token,
    body: { segment },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const ids = (res.body.sample as { id: string }[]).map((s) => s.id);
  return { count: res.body.count as number, ids: ids.toSorted() };
}

const idsOf = (...people: Session[]) => people.map((p) => p.user.id).toSorted();

describe('announcement segments', () => {
  it('select every active account when every field is empty', async () => {
    const { count, ids } = await selected({});
    const active = [cast.admin, cast.breton, cast.occitan, cast.idle, cast.ticpeExpert, cast.ceeExpert];
    expect(count).toBe(active.length);
    expect(ids).toHaveLength(5);
    expect(idsOf(...active)).toEqual(expect.arrayContaining(ids));
  });

  it('select by role, any of the roles given', async () => {
    expect((await selected({ roles: ['expert'] })).ids).toEqual(idsOf(cast.ticpeExpert, cast.ceeExpert));
    expect((await selected({ roles: ['client', 'admin'] })).ids).toEqual(
      idsOf(cast.admin, cast.breton, cast.occitan, cast.idle),
    );
  });

  it('select clients by their company’s region and experts by their profile’s regions', async () => {
    expect((await selected({ regions: ['bretagne'] })).ids).toEqual(
      idsOf(cast.breton, cast.idle, cast.ticpeExpert),
    );
    expect((await selected({ regions: ['occitanie', 'corse'] })).ids).toEqual(
      idsOf(cast.occitan, cast.ceeExpert),
    );
  });

  it('select clients by their dossiers’ products and experts by their specialties', async () => {
    expect((await selected({ products: ['TICPE'] })).ids).toEqual(
      idsOf(cast.breton, cast.occitan, cast.ticpeExpert),
    );
    expect((await selected({ products: ['URSSAF'] })).ids).toEqual(idsOf(cast.ceeExpert));
  });

  it('select clients by their dossiers’ statuses and experts by the dossiers assigned to them', async () => {
    expect((await selected({ dossierStatuses: ['draft'] })).ids).toEqual(idsOf(cast.breton));
    expect((await selected({ dossierStatuses: ['expert_pending', 'closed'] })).ids).toEqual(
      idsOf(cast.occitan, cast.ticpeExpert),
    );
  });

  it('match product and status on the same dossier of a client', async () => {
    expect((await selected({ products: ['TICPE'], dossierStatuses: ['draft'] })).ids).toEqual(
      idsOf(cast.breton),
    );
    expect((await selected({ products: ['URSSAF'], dossierStatuses: ['draft'] })).ids).toEqual([]);
  });

  it('select only experts by specialty', async () => {
    expect((await selected({ specialties: ['TICPE'] })).ids).toEqual(idsOf(cast.ticpeExpert));
    expect((await selected({ specialties: ['CEE', 'TICPE'] })).ids).toEqual(
      idsOf(cast.ticpeExpert, cast.ceeExpert),
    );
  });

  it('select explicit users, ignoring those who are not active', async () => {
    const { count, ids } = await selected({
      userIds: [
        cast.idle.user.id,
        cast.ceeExpert.user.id,
        cast.suspended.user.id,
        cast.pendingExpert.user.id,
      ],
    });
    expect(count).toBe(2);
    expect(ids).toEqual(idsOf(cast.idle, cast.ceeExpert));
  });

  it('combine fields with AND', async () => {
    expect((await selected({ regions: ['bretagne'], roles: ['client'] })).ids).toEqual(
      idsOf(cast.breton, cast.idle),
    );
    expect(
      (await selected({ userIds: [cast.idle.user.id, cast.ceeExpert.user.id], roles: ['expert'] })).ids,
    ).toEqual(idsOf(cast.ceeExpert));
    expect((await selected({ regions: ['occitanie'], specialties: ['TICPE'] })).ids).toEqual([]);
  });

  it('count nobody for a segment that matches no one', async () => {
    expect(await selected({ regions: ['corse'] })).toEqual({ count: 0, ids: [] });
  });
});
