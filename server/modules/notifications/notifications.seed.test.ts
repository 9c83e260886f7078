import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { demoAccounts, seedDemo } from '../../db/seed/demo.ts';
import { centre } from './notifications.factories.ts';

describe('the demo’s notifications', () => {
  let t: TestApp;
  const now = new Date('2026-06-01T08:00:00Z');
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.db, { experts: 6, pendingExperts: 1, companies: 12, dossiersPerCompany: 2 }, now);
  }, 120_000);
  afterAll(() => t.close());

  const signIn = (account: keyof typeof demoAccounts) =>
    login(t, demoAccounts[account].email, demoAccounts[account].password);

  it('tell the demo client of its dossiers’ steps', async () => {
    const items = await centre(t, await signIn('client'), 'view=all&limit=100');
    expect(items.filter((n) => n.type === 'dossier.status_changed').length).toBeGreaterThan(0);
  });

  it('tell the demo client of each conversation it has not read, unread', async () => {
    const client = await signIn('client');
    const conversations = await t.request('GET', '/api/conversations/unread', { token: client.token });
    const messages = (await centre(t, client, 'view=all&limit=100')).filter((n) => n.type === 'message.new');
    const unread = conversations.body.conversations.map((c: { conversationId: string }) => c.conversationId);
    expect(messages.map((n) => n.link).sort()).toEqual(unread.map((id: string) => `/messages/${id}`).sort());
    expect(messages.every((n) => n.readAt === null)).toBe(true);
  });

  it('tell the demo expert of its approval and its work', async () => {
    const items = await centre(t, await signIn('expert'), 'view=all&limit=100');
    expect(items.map((n) => n.type)).toContain('account.approved');
    expect(items.length).toBeGreaterThan(1);
  });

  it('tell the demo admin of a report and a reminder, the older one read', async () => {
    // Signing in from the test's browser may add a security notice of its own.
    const items = (await centre(t, await signIn('admin'), 'view=all&limit=100')).filter(
      (n) => n.category !== 'security',
    );
    expect(items.map((n) => [n.type, n.readAt === null])).toEqual([
      ['reminder', true],
      ['report.ready', false],
    ]);
  });

  it('hold the e-mails and pushes the preferences allow, for the sweep to send', async () => {
    const pending = await t.db
      .selectFrom('notificationDeliveries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(Number(pending.count)).toBeGreaterThan(0);
  });
});
