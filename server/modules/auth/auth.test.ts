import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientInput,
  createAdmin,
  login,
  PASSWORD,
  refreshCookie,
  registerClient,
  registerExpert,
  uniqueEmail,
} from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('registration', () => {
  it('registers a client with its company and returns a working session', async () => {
    const input = clientInput();
    const res = await t.request('POST', '/api/auth/register', { body: input });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: input.email, role: 'client', status: 'active' });
    expect(res.body.user.company).toMatchObject({ siren: input.company.siren, sector: 'transport_routier' });
    const setCookie = res.headers.getSetCookie().join(';');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\/api\/auth/);
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

  it('registers an expert as pending, who can read its account but not act', async () => {
    const expert = await registerExpert(t);
    expect(expert.user).toMatchObject({ role: 'expert', status: 'pending', company: null });
    expect((await t.request('GET', '/api/me', { token: expert.token })).status).toBe(200);
    const list = await t.request('GET', '/api/dossiers', { token: expert.token });
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe('ACCOUNT_PENDING');
  });

  it('refuses an invalid SIREN (Luhn check), a weak password and a taken e-mail', async () => {
    const badSiren = await t.request('POST', '/api/auth/register', {
      body: clientInput({ company: { ...clientInput().company, siren: '123456789' } }),
    });
    expect(badSiren.status).toBe(400);
    expect(badSiren.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(badSiren.body.error.details)).toContain('company.siren');

    const weak = await t.request('POST', '/api/auth/register', { body: clientInput({ password: 'short' }) });
    expect(weak.status).toBe(400);

    const first = clientInput();
    await t.request('POST', '/api/auth/register', { body: first });
    const sameEmail = await t.request('POST', '/api/auth/register', {
      body: clientInput({ email: first.email.toUpperCase() }),
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe('EMAIL_TAKEN');
    // A taken SIREN is a request to join that company: see companies.test.ts.
  });

  it('does not let anyone register as admin', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: clientInput({ role: 'admin' }) });
    expect(res.status).toBe(400);
  });
});

describe('login', () => {
  it('logs in with the right password, case-insensitive e-mail', async () => {
    const { user } = await registerClient(t);
    const session = await login(t, user.email.toUpperCase());
    expect(session.user.id).toBe(user.id);
  });

  it('answers the same for a wrong password and an unknown e-mail', async () => {
    const { user } = await registerClient(t);
    const wrong = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: 'Wrong-password-1' },
    });
    const unknown = await t.request('POST', '/api/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'Wrong-password-1' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('slows down repeated failures for an e-mail, existing or not, until the delay has passed', async () => {
    for (const email of [(await registerClient(t)).user.email, uniqueEmail('ghost')]) {
      for (let i = 0; i < 5; i++) {
        const res = await t.request('POST', '/api/auth/login', {
          body: { email, password: 'Wrong-password-1' },
        });
        expect(res.status).toBe(401);
      }
      expect(
        (await t.request('POST', '/api/auth/login', { body: { email, password: 'Wrong-password-1' } }))
          .status,
      ).toBe(401);
      const blocked = await t.request('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('LOGIN_THROTTLED');
    }
    t.clock.advance(60_000);
  });

  it('lets the right password through again once the back-off delay is over', async () => {
    const { user } = await registerClient(t);
    for (let i = 0; i < 6; i++) {
      await t.request('POST', '/api/auth/login', {
        body: { email: user.email, password: 'Wrong-password-1' },
      });
    }
    expect(
      (await t.request('POST', '/api/auth/login', { body: { email: user.email, password: PASSWORD } }))
        .status,
    ).toBe(429);
    t.clock.advance(2_000);
    expect(
      (await t.request('POST', '/api/auth/login', { body: { email: user.email, password: PASSWORD } }))
        .status,
    ).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('rotates the refresh token on each use', async () => {
    const session = await registerClient(t);
    const first = await t.request('POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toEqual(expect.any(String));
    const rotated = refreshCookie(first.headers);
    expect(rotated).not.toBe(session.cookie);
    const second = await t.request('POST', '/api/auth/refresh', { cookie: rotated });
    expect(second.status).toBe(200);
  });

  it('revokes the whole family when a used refresh token is presented again', async () => {
    const session = await registerClient(t);
    const first = await t.request('POST', '/api/auth/refresh', { cookie: session.cookie });
    const legitimate = refreshCookie(first.headers);
    // Past the grace window in which a second tab presenting the same token gets the same new session.
    t.clock.advance(11_000);
    const replay = await t.request('POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(replay.status).toBe(401);
    // The thief's replay also ends the legitimate holder's session.
    expect((await t.request('POST', '/api/auth/refresh', { cookie: legitimate })).status).toBe(401);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', session.user.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('auth.refresh_reuse_detected');
  });

  it('refuses a missing, unknown or expired refresh token', async () => {
    expect((await t.request('POST', '/api/auth/refresh')).status).toBe(401);
    expect((await t.request('POST', '/api/auth/refresh', { cookie: 'ft_refresh=forged' })).status).toBe(401);
    const session = await registerClient(t);
    t.clock.advance(31 * 86_400_000);
    expect((await t.request('POST', '/api/auth/refresh', { cookie: session.cookie })).status).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const session = await registerClient(t);
    const out = await t.request('POST', '/api/auth/logout', { cookie: session.cookie });
    expect(out.status).toBe(204);
    expect((await t.request('POST', '/api/auth/refresh', { cookie: session.cookie })).status).toBe(401);
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

  it('refuses forged or malformed tokens', async () => {
    const session = await registerClient(t);
    const [h, p] = session.token.split('.');
    expect((await t.request('GET', '/api/me', { token: `${h}.${p}.forgedsignature` })).status).toBe(401);
    expect((await t.request('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('stop working at once when the user is suspended, and the refresh token too', async () => {
    const admin = await createAdmin(t);
    const client = await registerClient(t);
    // Signed in and known to the auth guard, which remembers accounts between requests.
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(200);
    const res = await t.request('POST', `/api/admin/users/${client.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Fraude suspectée' },
    });
    expect(res.status).toBe(200);
    const me = await t.request('GET', '/api/me', { token: client.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect((await t.request('POST', '/api/auth/refresh', { cookie: client.cookie })).status).toBe(401);
    const relogin = await t.request('POST', '/api/auth/login', {
      body: { email: client.user.email, password: PASSWORD },
    });
    expect(relogin.status).toBe(403);
    expect(relogin.body.error.code).toBe('ACCOUNT_SUSPENDED');
  });
});

describe('password change', () => {
  it('needs the current password, then the new one works and the old one does not', async () => {
    const session = await registerClient(t);
    const wrong = await t.request('POST', '/api/me/password', {
      token: session.token,
      body: { currentPassword: 'not-it-123', newPassword: 'Another-Password-7' },
    });
    expect(wrong.status).toBe(400);
    const ok = await t.request('POST', '/api/me/password', {
      token: session.token,
      body: { currentPassword: PASSWORD, newPassword: 'Another-Password-7' },
    });
    expect(ok.status).toBe(204);
    await login(t, session.user.email, 'Another-Password-7');
    expect(
      (
        await t.request('POST', '/api/auth/login', {
          body: { email: session.user.email, password: PASSWORD },
        })
      ).status,
    ).toBe(401);
  });
});

describe('rate limiting', () => {
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
