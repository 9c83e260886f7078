import { describe, expect, it } from 'vitest';
import {
  clientInput,
  createAdmin,
  login,
  PASSWORD,
  refreshCookie,
  registerClient,
  registerExpert,
  type Session,
  uniqueEmail,
} from '../../../tests/support/factories.ts';
import { startedApp, startTestApp } from '../../../tests/support/test-app.ts';

const t = startedApp();

const register = (body: unknown) => t.request('POST', '/api/auth/register', { body });
const signIn = (email: string, password: string) =>
  t.request('POST', '/api/auth/login', { body: { email, password } });
const refresh = (cookie?: string) => t.request('POST', '/api/auth/refresh', cookie ? { cookie } : {});

describe('POST /api/auth/register', () => {
  it('registers a client with its company', async () => {
    const input = clientInput();
    const res = await register(input);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: input.email, role: 'client', status: 'active' });
    expect(res.body.user.company).toMatchObject({ siren: input.company.siren, sector: 'transport_routier' });
  });

  it('sets the refresh cookie HttpOnly, SameSite=Strict and for /api/auth only', async () => {
    const res = await register(clientInput());
    const setCookie = res.headers.getSetCookie().join(';');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/api\/auth/);
  });

  it('returns an access token that works at once', async () => {
    const res = await register(clientInput());
    const me = await t.request('GET', '/api/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.user.id);
  });

  it('stores the password as an argon2id hash', async () => {
    const session = await registerClient(t);
    const row = await t.db
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', session.user.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('registers an expert as pending, without a company', async () => {
    const expert = await registerExpert(t);
    expect(expert.user).toMatchObject({ role: 'expert', status: 'pending', company: null });
  });

  it('lets a pending expert read its account', async () => {
    const expert = await registerExpert(t);
    expect((await t.request('GET', '/api/me', { token: expert.token })).status).toBe(200);
  });

  it('does not let a pending expert act', async () => {
    const expert = await registerExpert(t);
    const list = await t.request('GET', '/api/dossiers', { token: expert.token });
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe('ACCOUNT_PENDING');
  });

  it('refuses an invalid SIREN (Luhn check)', async () => {
    const badSiren = await register(
      clientInput({ company: { ...clientInput().company, siren: '123456789' } }),
    );
    expect(badSiren.status).toBe(400);
    expect(badSiren.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(badSiren.body.error.details)).toContain('company.siren');
  });

  it('refuses a weak password', async () => {
    const weak = await register(clientInput({ password: 'short' }));
    expect(weak.status).toBe(400);
  });

  it('refuses a taken e-mail, whatever its case', async () => {
    const first = clientInput();
    await register(first);
    const sameEmail = await register(clientInput({ email: first.email.toUpperCase() }));
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe('EMAIL_TAKEN');
    // A taken SIREN is a request to join that company: see companies.test.ts.
  });

  it('does not let anyone register as admin', async () => {
    const res = await register(clientInput({ role: 'admin' }));
    expect(res.status).toBe(400);
  });
});

describe('POST /api/auth/login', () => {
  it('logs in with the right password, case-insensitive e-mail', async () => {
    const { user } = await registerClient(t);
    const session = await login(t, user.email.toUpperCase());
    expect(session.user.id).toBe(user.id);
  });

  it('answers the same for a wrong password and an unknown e-mail', async () => {
    const { user } = await registerClient(t);
    const wrong = await signIn(user.email, 'Wrong-password-1');
    const unknown = await signIn(uniqueEmail('nobody'), 'Wrong-password-1');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  /** Six failures for `email`, then even the right password is refused until the delay has passed. */
  async function expectSlowedDownAfterFailures(email: string) {
    for (let i = 0; i < 5; i++) {
      expect((await signIn(email, 'Wrong-password-1')).status).toBe(401);
    }
    expect((await signIn(email, 'Wrong-password-1')).status).toBe(401);
    const blocked = await signIn(email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('LOGIN_THROTTLED');
    t.clock.advance(60_000);
  }

  it('slows down repeated failures for an existing e-mail', async () => {
    await expectSlowedDownAfterFailures((await registerClient(t)).user.email);
  });

  it('slows down repeated failures for an unknown e-mail alike', async () => {
    await expectSlowedDownAfterFailures(uniqueEmail('ghost'));
  });

  it('lets the right password through again once the back-off delay is over', async () => {
    const { user } = await registerClient(t);
    for (let i = 0; i < 6; i++) {
      await signIn(user.email, 'Wrong-password-1');
    }
    expect((await signIn(user.email, PASSWORD)).status).toBe(429);
    t.clock.advance(2_000);
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);
  });

  it('limits login attempts per client address', async () => {
    const limited = await startTestApp({ authRateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (
            await limited.request('POST', '/api/auth/login', {
              body: { email: uniqueEmail('x'), password: 'whatever-1' },
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('POST /api/auth/refresh', () => {
  it('rotates the refresh token on each use', async () => {
    const session = await registerClient(t);
    const first = await refresh(session.cookie);
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toEqual(expect.any(String));
    const rotated = refreshCookie(first.headers);
    expect(rotated).not.toBe(session.cookie);
    const second = await refresh(rotated);
    expect(second.status).toBe(200);
  });

  /** A session whose first refresh token was used, then presented again past the grace window. */
  async function replayed() {
    const session = await registerClient(t);
    const first = await refresh(session.cookie);
    const legitimate = refreshCookie(first.headers);
    // Past the grace window in which a second tab presenting the same token gets the same new session.
    t.clock.advance(11_000);
    const replay = await refresh(session.cookie);
    return { session, legitimate, replay };
  }

  it('refuses a used refresh token presented again, and ends the legitimate holder’s session', async () => {
    const { legitimate, replay } = await replayed();
    expect(replay.status).toBe(401);
    // The thief's replay also ends the legitimate holder's session.
    expect((await refresh(legitimate)).status).toBe(401);
  });

  it('records the detected reuse in the audit log', async () => {
    const { session } = await replayed();
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', session.user.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('auth.refresh_reuse_detected');
  });

  it('refuses a missing refresh token', async () => {
    expect((await refresh()).status).toBe(401);
  });

  it('refuses an unknown refresh token', async () => {
    expect((await refresh('ft_refresh=forged')).status).toBe(401);
  });

  it('refuses an expired refresh token', async () => {
    const session = await registerClient(t);
    t.clock.advance(31 * 86_400_000);
    expect((await refresh(session.cookie)).status).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the refresh token', async () => {
    const session = await registerClient(t);
    const out = await t.request('POST', '/api/auth/logout', { cookie: session.cookie });
    expect(out.status).toBe(204);
    expect((await refresh(session.cookie)).status).toBe(401);
  });
});

describe('access tokens', () => {
  it('expire after their lifetime', async () => {
    const session = await registerClient(t);
    t.clock.advance(16 * 60_000);
    const res = await t.request('GET', '/api/me', { token: session.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('expire even once verified and remembered', async () => {
    const session = await registerClient(t);
    expect((await t.request('GET', '/api/me', { token: session.token })).status).toBe(200);
    expect((await t.request('GET', '/api/me', { token: session.token })).status).toBe(200);
    t.clock.advance(16 * 60_000);
    const res = await t.request('GET', '/api/me', { token: session.token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a forged signature', async () => {
    const session = await registerClient(t);
    const [h, p] = session.token.split('.');
    expect((await t.request('GET', '/api/me', { token: `${h}.${p}.forgedsignature` })).status).toBe(401);
  });

  it('refuses an authorization header that is not a bearer token', async () => {
    expect((await t.request('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});

describe('a suspended user', () => {
  /** A client signed in and known to the auth guard (which remembers accounts between requests), then suspended. */
  async function suspendedClient(): Promise<Session> {
    const admin = await createAdmin(t);
    const client = await registerClient(t);
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(200);
    const res = await t.request('POST', `/api/admin/users/${client.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Fraude suspectée' },
    });
    expect(res.status).toBe(200);
    return client;
  }

  it('loses its access token at once', async () => {
    const client = await suspendedClient();
    const me = await t.request('GET', '/api/me', { token: client.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('ACCOUNT_SUSPENDED');
  });

  it('loses its refresh token', async () => {
    const client = await suspendedClient();
    expect((await refresh(client.cookie)).status).toBe(401);
  });

  it('cannot sign in again', async () => {
    const client = await suspendedClient();
    const relogin = await signIn(client.user.email, PASSWORD);
    expect(relogin.status).toBe(403);
    expect(relogin.body.error.code).toBe('ACCOUNT_SUSPENDED');
  });
});

describe('POST /api/me/password', () => {
  const changePassword = (session: Session, currentPassword: string) =>
    t.request('POST', '/api/me/password', {
      token: session.token,
      body: { currentPassword, newPassword: 'Another-Password-7' },
    });

  it('needs the current password', async () => {
    const session = await registerClient(t);
    expect((await changePassword(session, 'not-it-123')).status).toBe(400);
  });

  it('makes the new password work', async () => {
    const session = await registerClient(t);
    expect((await changePassword(session, PASSWORD)).status).toBe(204);
    await login(t, session.user.email, 'Another-Password-7');
  });

  it('makes the old password stop working', async () => {
    const session = await registerClient(t);
    expect((await changePassword(session, PASSWORD)).status).toBe(204);
    expect((await signIn(session.user.email, PASSWORD)).status).toBe(401);
  });
});
