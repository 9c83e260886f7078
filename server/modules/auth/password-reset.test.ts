import { describe, expect, it } from 'vitest';
import {
  login,
  PASSWORD,
  registerClient,
  type Session,
  uniqueEmail,
} from '../../../tests/support/factories.ts';
import { smtpTestApp } from '../../../tests/support/smtp-server.ts';
import { mailTo, published, tokenIn } from './account-emails.factories.ts';

const RESET = 'Réinitialisez votre mot de passe';
const NEW_PASSWORD = 'Brand-New-Password-9';

const { t, smtp } = smtpTestApp();

const forgot = (email: string) => t.request('POST', '/api/auth/forgot-password', { body: { email } });
const reset = (token: string, password = NEW_PASSWORD) =>
  t.request('POST', '/api/auth/reset-password', { body: { token, password } });
const signIn = (email: string, password: string) =>
  t.request('POST', '/api/auth/login', { body: { email, password } });

/** The token of the reset link the user asks for now (the n-th reset e-mail they get). */
async function resetLink(session: Session, nth = 1) {
  const resetMails = () => smtp.to(session.user.email).filter((m) => m.subject === RESET);
  expect((await forgot(session.user.email)).status).toBe(202);
  await smtp.waitFor(() => resetMails().length >= nth);
  return tokenIn(resetMails()[nth - 1]!, '/reinitialiser-mot-de-passe');
}

describe('forgot password', () => {
  it('answers an existing and an unknown address alike', async () => {
    const client = await registerClient(t);
    const known = await forgot(client.user.email);
    const unknown = await forgot(uniqueEmail('inconnu'));
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(known.body).toEqual({ accepted: true });
  });

  it('sends a reset link to an existing address, and nothing for an unknown one', async () => {
    const nobody = uniqueEmail('inconnu');
    const client = await registerClient(t);
    await forgot(nobody);
    await forgot(client.user.email);
    // The requests' jobs run in order: once the second's e-mail is out, the first has done all it would do.
    const mail = await mailTo(smtp, client.user.email, RESET);
    expect(mail.text).toMatch(/\/reinitialiser-mot-de-passe\?token=[\w-]{43}/);
    expect(smtp.to(nobody)).toEqual([]);
    expect(
      await t.db.selectFrom('emailMessages').select('id').where('toAddress', '=', nobody).execute(),
    ).toEqual([]);
  });

  it('limits the requests per address, known or not, alike', async () => {
    const client = await registerClient(t);
    const nobody = uniqueEmail('inconnu');
    for (const email of [client.user.email, nobody]) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await forgot(email)).status);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }
  });

  it('refuses bad input', async () => {
    expect((await forgot('pas-une-adresse')).status).toBe(400);
    expect((await t.request('POST', '/api/auth/forgot-password', { body: {} })).status).toBe(400);
  });
});

describe('reset password', () => {
  it('sets the new password: it signs in, the old one no longer does', async () => {
    const client = await registerClient(t);
    expect((await reset(await resetLink(client))).status).toBe(204);
    await login(t, client.user.email, NEW_PASSWORD);
    expect((await signIn(client.user.email, PASSWORD)).status).toBe(401);
  });

  it('ends every session of the account', async () => {
    const client = await registerClient(t);
    const other = await login(t, client.user.email);
    const revoked = published(t, 'auth.sessions_revoked');
    await reset(await resetLink(client));
    for (const session of [client, other]) {
      const res = await t.request('POST', '/api/auth/refresh', { cookie: session.cookie });
      expect(res.status).toBe(401);
    }
    expect(revoked).toEqual([
      {
        userId: client.user.id,
        sessionIds: null,
        keepSessionId: null,
        reason: 'password_changed',
        at: t.clock.now(),
      },
    ]);
  });

  it('publishes the password change', async () => {
    const client = await registerClient(t);
    const changed = published(t, 'user.password_changed');
    await reset(await resetLink(client));
    expect(changed).toEqual([{ userId: client.user.id, at: t.clock.now() }]);
  });

  it('takes a link once', async () => {
    const client = await registerClient(t);
    const token = await resetLink(client);
    await reset(token);
    const again = await reset(token, 'Yet-Another-Password-3');
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('ACCOUNT_LINK_INVALID');
    await login(t, client.user.email, NEW_PASSWORD);
  });

  it('refuses a link older than an hour', async () => {
    const client = await registerClient(t);
    const token = await resetLink(client);
    t.clock.advance(3_600_000 + 1000);
    expect((await reset(token)).body.error.code).toBe('ACCOUNT_LINK_INVALID');
    await login(t, client.user.email, PASSWORD);
  });

  it('ends the older links when a new one is sent', async () => {
    const client = await registerClient(t);
    const older = await resetLink(client, 1);
    const newer = await resetLink(client, 2);
    expect((await reset(older)).body.error.code).toBe('ACCOUNT_LINK_INVALID');
    expect((await reset(newer)).status).toBe(204);
  });

  it('ends the links sent to an address the account no longer has', async () => {
    const client = await registerClient(t);
    const token = await resetLink(client);
    const change = await t.request('PUT', '/api/me/email', {
      token: client.token,
      body: { email: uniqueEmail('nouvelle'), password: PASSWORD },
    });
    expect(change.status).toBe(200);
    expect((await reset(token)).body.error.code).toBe('ACCOUNT_LINK_INVALID');
  });

  it('verifies the address by the way: the link came to it', async () => {
    const client = await registerClient(t);
    await reset(await resetLink(client));
    const session = await login(t, client.user.email, NEW_PASSWORD);
    expect(session.user.emailVerified).toBe(true);
  });

  it('refuses bad input', async () => {
    const client = await registerClient(t);
    const token = await resetLink(client);
    expect((await reset(token, 'court')).status).toBe(400);
    expect((await reset('pas-un-jeton')).status).toBe(400);
    expect((await t.request('POST', '/api/auth/reset-password', { body: { token } })).status).toBe(400);
    const unknown = await reset('B'.repeat(43));
    expect(unknown.body.error.code).toBe('ACCOUNT_LINK_INVALID');
    await login(t, client.user.email, PASSWORD);
  });
});
