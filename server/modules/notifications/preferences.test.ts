import { describe, expect, it } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  registerClient,
  type Session,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';

const { t, cast } = appWith(async (t) => ({ admin: await createAdmin(t) }));

const get = async (who: Session) => {
  const res = await t.request('GET', '/api/notification-preferences', { token: who.token });
  expect(res.status).toBe(200);
  return res.body;
};
const put = (who: Session, body: unknown) =>
  t.request('PUT', '/api/notification-preferences', { token: who.token, body });

describe('notification preferences', () => {
  it('start from the defaults of the user’s role', async () => {
    const client = await registerClient(t);
    const preferences = await get(client);
    expect(preferences).toMatchObject({
      quietHours: null,
      timeZone: 'Europe/Paris',
      locale: 'fr',
      digest: 'off',
    });
    expect(preferences.channels['message.new']).toEqual({ in_app: true, email: true, push: true });
    expect(preferences.channels['review.replied']).toEqual({ in_app: true, email: true, push: false });
    expect(preferences.channels['sla.breached']).toBeUndefined();
  });

  it('show an expert the types of an expert', async () => {
    const expert = await approvedExpert(t, cast.admin);
    const { channels } = await get(expert);
    expect(channels['expert_request.created']).toBeDefined();
    expect(channels['expert_request.accepted']).toBeUndefined();
  });

  it('keep what was changed, and only that', async () => {
    const client = await registerClient(t);
    const res = await put(client, {
      channels: { 'message.new': { email: false }, 'dossier.status_changed': { push: false } },
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'America/Guadeloupe',
      locale: 'en',
      digest: 'daily',
    });
    expect(res.status).toBe(200);
    const preferences = await get(client);
    expect(preferences).toMatchObject({
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'America/Guadeloupe',
      locale: 'en',
      digest: 'daily',
    });
    expect(preferences.channels['message.new']).toEqual({ in_app: true, email: false, push: true });
    expect(preferences.channels['dossier.status_changed']).toEqual({
      in_app: true,
      email: true,
      push: false,
    });
    expect(res.body).toEqual(preferences);
  });

  it('store only the cells that differ from the defaults', async () => {
    const client = await registerClient(t);
    await put(client, { channels: { 'message.new': { email: false, push: false } } });
    await put(client, { channels: { 'message.new': { email: true } } });
    const row = await t.db
      .selectFrom('notificationSettings')
      .select((eb) => eb.cast<string>('channels', 'text').as('channels'))
      .where('userId', '=', client.user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.channels)).toEqual({ 'message.new': { push: false } });
  });

  it('end the quiet hours when given null', async () => {
    const client = await registerClient(t);
    await put(client, { quietHours: { start: '22:00', end: '07:00' } });
    await put(client, { quietHours: null });
    expect((await get(client)).quietHours).toBeNull();
  });

  it('are each user’s own', async () => {
    const [a, b] = [await registerClient(t), await registerClient(t)];
    await put(a, { channels: { 'message.new': { push: false } }, locale: 'en' });
    const other = await get(b);
    expect(other.channels['message.new'].push).toBe(true);
    expect(other.locale).toBe('fr');
  });

  it('refuse to turn a security notice off', async () => {
    const client = await registerClient(t);
    const res = await put(client, { channels: { 'security.new_sign_in': { email: false } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'NOTIFICATION_TYPE_LOCKED',
      details: { types: ['security.new_sign_in'] },
    });
    expect((await get(client)).channels['security.new_sign_in'].email).toBe(true);
  });

  it('refuse a type the user’s role does not receive', async () => {
    const client = await registerClient(t);
    const res = await put(client, { channels: { 'sla.breached': { email: false } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('refuse a time zone that does not exist', async () => {
    const client = await registerClient(t);
    const res = await put(client, { timeZone: 'Europe/Atlantis' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_TIME_ZONE');
  });

  it.each([
    ['an unknown field', { sound: true }],
    ['an unknown type', { channels: { 'weather.storm': { email: false } } }],
    ['an unknown channel', { channels: { 'message.new': { sms: true } } }],
    ['quiet hours that are not times', { quietHours: { start: '25:00', end: '07:00' } }],
    ['a language it does not speak', { locale: 'de' }],
    ['an unknown digest', { digest: 'hourly' }],
  ])('answer 400 to %s', async (_, body) => {
    const client = await registerClient(t);
    const res = await put(client, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('answer 401 without a session', async () => {
    expect((await t.request('GET', '/api/notification-preferences')).status).toBe(401);
  });
});
