import { beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  login,
  PASSWORD,
  registerClient,
  registerExpert,
  type Session,
} from '../../../tests/support/factories.ts';
import { smtpTestApp } from '../../../tests/support/smtp-server.ts';
import { mailTo, published, tokenIn } from '../auth/account-emails.factories.ts';
import { notified } from '../notifications/notifications.factories.ts';

const { t, smtp } = smtpTestApp();
let admin: Session;
beforeAll(async () => {
  admin = await createAdmin(t);
});

const unknownUser = '00000000-0000-4000-8000-000000000000';
const RESET = 'Choisissez un nouveau mot de passe';

/** POST /api/admin/users/:id/<action> by the admin. */
const userAction = (userId: string, action: string, body?: { reason: string }) =>
  t.request('POST', `/api/admin/users/${userId}/${action}`, { token: admin.token, body });

const auditOf = (userId: string, action: string) =>
  t.db
    .selectFrom('auditLog')
    .selectAll()
    .where('entityId', '=', userId)
    .where('action', '=', action)
    .executeTakeFirst();

describe('POST /api/admin/users/:id/approve', () => {
  it('activates a pending expert, who can then act', async () => {
    const expert = await registerExpert(t);
    const res = await userAction(expert.user.id, 'approve');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect((await t.request('GET', '/api/dossiers', { token: expert.token })).status).toBe(200);
  });

  it('records who approved whom in the audit log', async () => {
    const expert = await registerExpert(t);
    await userAction(expert.user.id, 'approve');
    expect(await auditOf(expert.user.id, 'user.approve')).toMatchObject({
      actorId: admin.user.id,
      before: { status: 'pending' },
      after: { status: 'active' },
    });
  });

  it('refuses an account that is not pending', async () => {
    const client = await registerClient(t);
    const approve = await userAction(client.user.id, 'approve');
    expect([approve.status, approve.body.error?.code]).toEqual([409, 'ACCOUNT_STATUS_CHANGE_INVALID']);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await userAction(unknownUser, 'approve')).status).toBe(404);
  });
});

describe('POST /api/admin/users/:id/reject', () => {
  it('requires a reason', async () => {
    const expert = await registerExpert(t);
    const noReason = await userAction(expert.user.id, 'reject');
    expect([noReason.status, noReason.body.error?.code]).toEqual([422, 'REASON_REQUIRED']);
  });

  it('refuses a reason too short to say anything', async () => {
    const expert = await registerExpert(t);
    const res = await userAction(expert.user.id, 'reject', { reason: 'no' });
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('rejects a pending expert, who then cannot act', async () => {
    const expert = await registerExpert(t);
    const res = await userAction(expert.user.id, 'reject', { reason: 'Références insuffisantes' });
    expect(res.body.status).toBe('rejected');
    expect((await t.request('GET', '/api/dossiers', { token: expert.token })).status).toBe(403);
  });

  it('tells the expert the reason of the rejection', async () => {
    const expert = await registerExpert(t);
    await userAction(expert.user.id, 'reject', { reason: 'Références insuffisantes' });
    const [notice] = await notified(t, expert, 'account.rejected');
    expect(notice?.body).toContain('Motif : Références insuffisantes.');
  });
});

describe('POST /api/admin/users/:id/suspend', () => {
  it('suspends an account, whose session stops working', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'suspend', { reason: 'Impayés' });
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(401);
  });

  it('ends the sessions of the account at once: its refresh cookie no longer works', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'suspend', { reason: 'Impayés' });
    const refresh = await t.request('POST', '/api/auth/refresh', { cookie: client.cookie });
    expect(refresh.status).toBe(401);
  });

  it('does not let an admin suspend itself', async () => {
    expect((await userAction(admin.user.id, 'suspend', { reason: 'Moi-même' })).status).toBe(403);
  });
});

describe('POST /api/admin/users/:id/reactivate', () => {
  it('reactivates a suspended account, whose session works again', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'suspend', { reason: 'Impayés' });
    const back = await userAction(client.user.id, 'reactivate');
    expect(back.body.status).toBe('active');
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(200);
  });

  it('refuses an account that is not suspended', async () => {
    const client = await registerClient(t);
    expect((await userAction(client.user.id, 'reactivate')).status).toBe(409);
  });
});

describe('POST /api/admin/users/:id/force-password-reset', () => {
  it('ends every session of the user, on every device', async () => {
    const client = await registerClient(t);
    const revoked = published(t, 'auth.sessions_revoked');
    expect((await userAction(client.user.id, 'force-password-reset')).status).toBe(200);
    expect((await t.request('POST', '/api/auth/refresh', { cookie: client.cookie })).status).toBe(401);
    expect(revoked).toMatchObject([{ userId: client.user.id, sessionIds: null }]);
  });

  it('makes the former password useless', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'force-password-reset');
    const signIn = await t.request('POST', '/api/auth/login', {
      body: { email: client.user.email, password: PASSWORD },
    });
    expect([signIn.status, signIn.body.error?.code]).toEqual([401, 'INVALID_CREDENTIALS']);
  });

  it('e-mails a reset link with which the user chooses a new password and signs in', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'force-password-reset');
    const mail = await mailTo(smtp, client.user.email, RESET);
    expect(mail.text).toContain('Un administrateur de FinancialTracker a réinitialisé le mot de passe');
    const token = tokenIn(mail, '/reinitialiser-mot-de-passe');
    const reset = await t.request('POST', '/api/auth/reset-password', {
      body: { token, password: 'Chosen-Again-2026' },
    });
    expect(reset.status).toBe(204);
    expect((await login(t, client.user.email, 'Chosen-Again-2026')).user.id).toBe(client.user.id);
  });

  it('records the admin who forced it in the audit log', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'force-password-reset');
    expect(await auditOf(client.user.id, 'user.password_reset_forced')).toMatchObject({
      actorId: admin.user.id,
    });
  });

  it('does not let an admin reset its own password this way', async () => {
    const res = await userAction(admin.user.id, 'force-password-reset');
    expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await userAction(unknownUser, 'force-password-reset');
    expect([res.status, res.body.error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses an id that is not a uuid', async () => {
    const res = await userAction('not-a-uuid', 'force-password-reset');
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

describe('the users actions', () => {
  it.each(['approve', 'reject', 'suspend', 'reactivate', 'force-password-reset'])(
    '%s is closed to clients',
    async (action) => {
      const client = await registerClient(t);
      const target = await registerClient(t);
      const res = await t.request('POST', `/api/admin/users/${target.user.id}/${action}`, {
        token: client.token,
        body: { reason: 'Une raison' },
      });
      expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    },
  );
});
