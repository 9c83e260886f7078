import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { demoAccounts, seedDemo } from './demo.ts';
import { seedDemoReports } from './demo-reports.ts';

describe('the demo’s scheduled reports', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(
      t.db,
      { experts: 2, pendingExperts: 0, companies: 2, dossiersPerCompany: 1 },
      t.clock.now(),
    );
    await seedDemoReports(t.db, t.app.services);
  }, 120_000);
  afterAll(() => t.close());

  it('gives the admin a weekly platform report, sent to them', async () => {
    const admin = await login(t, demoAccounts.admin.email, demoAccounts.admin.password);
    const res = await t.request('GET', '/api/report-schedules', { token: admin.token });
    expect(
      res.body.items.map((s: { type: string; frequency: string; recipients: string[] }) => s),
    ).toMatchObject([{ type: 'platform', frequency: 'weekly', recipients: [demoAccounts.admin.email] }]);
  });

  it('gives the demo expert a monthly report of their own activity', async () => {
    const expert = await login(t, demoAccounts.expert.email, demoAccounts.expert.password);
    const res = await t.request('GET', '/api/report-schedules', { token: expert.token });
    expect(res.body.items).toMatchObject([{ type: 'expert', frequency: 'monthly', monthDay: 1 }]);
  });
});
