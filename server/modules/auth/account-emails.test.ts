import { describe, expect, it } from 'vitest';
import {
  createAdmin,
  login,
  PASSWORD,
  registerClient,
  type Session,
  uniqueEmail,
} from '../../../tests/support/factories.ts';
import { smtpTestApp } from '../../../tests/support/smtp-server.ts';
import { mailTo, published, tokenIn } from './account-emails.factories.ts';

const PUBLIC_URL = 'https://app.financialtracker.test';
const VERIFY = 'Confirmez votre adresse e-mail';

const { t, smtp } = smtpTestApp({ publicUrl: PUBLIC_URL });

const verify = (token: string) => t.request('POST', '/api/auth/verify-email', { body: { token } });
const resend = (session: Session) =>
  t.request('POST', '/api/auth/verify-email/resend', { token: session.token });
const me = async (session: Session) => (await t.request('GET', '/api/me', { token: session.token })).body;
const changeEmail = (session: Session, body: unknown) =>
  t.request('PUT', '/api/me/email', { token: session.token, body });

/** A new client and the token of the verification link sent at sign-up. */
async function signedUp() {
  const client = await registerClient(t);
  const mail = await mailTo(smtp, client.user.email, VERIFY);
  return { client, mail, token: tokenIn(mail, '/verifier-email') };
}

describe('e-mail verification', () => {
  it('sends a link at sign-up, in the user’s language, to the verification page', async () => {
    const { mail } = await signedUp();
    expect(mail.html).toContain('<html lang="fr"');
    expect(mail.text).toMatch(new RegExp(`${PUBLIC_URL}/verifier-email\\?token=[\\w-]{43}`));
    expect(mail.text).toContain('48 heures');
  });

  it('leaves a new account unverified until the link is followed', async () => {
    const { client, token } = await signedUp();
    expect(client.user.emailVerified).toBe(false);
    expect((await verify(token)).status).toBe(204);
    expect((await me(client)).emailVerified).toBe(true);
  });

  it('takes a link once', async () => {
    const { token } = await signedUp();
    await verify(token);
    const again = await verify(token);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('ACCOUNT_LINK_INVALID');
  });

  it('refuses a link older than 48 hours', async () => {
    const { client, token } = await signedUp();
    t.clock.advance(48 * 3_600_000 + 1000);
    expect((await verify(token)).body.error.code).toBe('ACCOUNT_LINK_INVALID');
    const fresh = await login(t, client.user.email);
    expect((await me(fresh)).emailVerified).toBe(false);
  });

  it('sends a new link on request, in the user’s language, and the older one stops working', async () => {
    const { client, token } = await signedUp();
    const put = await t.request('PUT', '/api/notification-preferences', {
      token: client.token,
      body: { locale: 'en' },
    });
    expect(put.status).toBe(200);
    expect((await resend(client)).status).toBe(204);
    const mail = await mailTo(smtp, client.user.email, 'Confirm your e-mail address');
    expect(mail.html).toContain('<html lang="en"');
    expect((await verify(token)).status).toBe(400);
    expect((await verify(tokenIn(mail, '/verifier-email'))).status).toBe(204);
  });

  it('answers 409 to a request for a new link once the address is verified', async () => {
    const { client, token } = await signedUp();
    await verify(token);
    const res = await resend(client);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_ALREADY_VERIFIED');
  });

  it('limits the requests for a new link per account', async () => {
    const { client } = await signedUp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await resend(client)).status);
    expect(statuses).toEqual([204, 204, 204, 204, 204, 429]);
  });

  it('shows the admins whether each address is verified', async () => {
    const admin = await createAdmin(t);
    const { client, token } = await signedUp();
    const listed = async () =>
      (
        await t.request('GET', `/api/admin/users?q=${encodeURIComponent(client.user.email)}`, {
          token: admin.token,
        })
      ).body.items[0].emailVerified;
    expect(await listed()).toBe(false);
    await verify(token);
    expect(await listed()).toBe(true);
  });

  it('refuses bad input', async () => {
    expect((await t.request('POST', '/api/auth/verify-email', { body: {} })).status).toBe(400);
    expect((await verify('trop-court')).status).toBe(400);
    const unknown = await verify('A'.repeat(43));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('ACCOUNT_LINK_INVALID');
    expect((await t.request('POST', '/api/auth/verify-email/resend')).status).toBe(401);
  });
});

describe('PUT /api/me/email', () => {
  it('changes the address, unverified until the link sent to the new one is followed', async () => {
    const client = await registerClient(t);
    const email = uniqueEmail('nouvelle');
    const res = await changeEmail(client, { email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email, emailVerified: false });
    const mail = await mailTo(smtp, email, VERIFY);
    expect((await verify(tokenIn(mail, '/verifier-email'))).status).toBe(204);
    expect((await me(client)).emailVerified).toBe(true);
  });

  it('tells the former address, naming the new one', async () => {
    const client = await registerClient(t);
    const email = uniqueEmail('nouvelle');
    await changeEmail(client, { email, password: PASSWORD });
    const notice = await mailTo(smtp, client.user.email, 'L’adresse e-mail de votre compte a été modifiée');
    expect(notice.text).toContain(email);
  });

  it('publishes the change with the former address', async () => {
    const events = published(t, 'user.email_changed');
    const client = await registerClient(t);
    const email = uniqueEmail('nouvelle');
    await changeEmail(client, { email, password: PASSWORD });
    expect(events).toEqual([
      { userId: client.user.id, previousEmail: client.user.email, email, at: t.clock.now() },
    ]);
  });

  it('lets the user sign in with the new address only', async () => {
    const client = await registerClient(t);
    const email = uniqueEmail('nouvelle');
    await changeEmail(client, { email, password: PASSWORD });
    await login(t, email);
    const old = await t.request('POST', '/api/auth/login', {
      body: { email: client.user.email, password: PASSWORD },
    });
    expect(old.status).toBe(401);
  });

  it('needs the password', async () => {
    const client = await registerClient(t);
    const res = await changeEmail(client, { email: uniqueEmail('nouvelle'), password: 'Not-The-Password-1' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    expect((await me(client)).email).toBe(client.user.email);
  });

  it('refuses an address another account has', async () => {
    const client = await registerClient(t);
    const other = await registerClient(t);
    const res = await changeEmail(client, { email: other.user.email, password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('refuses bad input', async () => {
    const client = await registerClient(t);
    expect((await changeEmail(client, { email: 'pas-une-adresse', password: PASSWORD })).status).toBe(400);
    expect((await changeEmail(client, { email: uniqueEmail('x') })).status).toBe(400);
    expect(
      (await t.request('PUT', '/api/me/email', { body: { email: uniqueEmail('x'), password: PASSWORD } }))
        .status,
    ).toBe(401);
  });
});

describe('security events', () => {
  it('tells of a sign-in from a browser the account never used', async () => {
    const events = published(t, 'auth.new_sign_in');
    const client = await registerClient(t);
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: client.user.email, password: PASSWORD },
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
    });
    expect(res.status).toBe(200);
    expect(events).toEqual([
      {
        userId: client.user.id,
        sessionId: expect.any(String),
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
        ip: '127.0.0.1',
        at: t.clock.now(),
      },
    ]);
  });

  it('does not tell of a sign-in from a browser and address already used', async () => {
    const events = published(t, 'auth.new_sign_in');
    const client = await registerClient(t);
    await login(t, client.user.email);
    expect(events).toEqual([]);
  });

  it('publishes a password change', async () => {
    const events = published(t, 'user.password_changed');
    const client = await registerClient(t);
    const res = await t.request('POST', '/api/me/password', {
      token: client.token,
      body: { currentPassword: PASSWORD, newPassword: 'Another-Password-7' },
    });
    expect(res.status).toBe(204);
    expect(events).toEqual([{ userId: client.user.id, at: t.clock.now() }]);
  });
});
