import { describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin, PASSWORD, registerExpert } from '../../../tests/support/factories.ts';
import { connectSocket } from '../../../tests/support/socket-client.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { sleep } from '../../../tests/support/waiting.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import {
  assignThroughRequest,
  closedDossierWith,
  postReview,
  requestExpert,
} from '../experts/experts.factories.ts';
import { dossierWithExpert } from '../messaging/messaging.factories.ts';
import { walkWorkflow } from '../workflows/workflow-engine.factories.ts';
import { centre, notified } from './notifications.factories.ts';

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  const expert = await approvedExpert(t, admin, { firstName: 'Eva', lastName: 'Lambert' });
  const otherExpert = await approvedExpert(t, admin, { firstName: 'Otto', lastName: 'Durand' });
  return { admin, expert, otherExpert };
});

/** Lets the subscribers of events already published finish, before checking that something did not happen. */
const settle = () => sleep(300);

describe('a new message', () => {
  it('notifies the other participants of the conversation, not its sender', async () => {
    const c = await dossierWithExpert(t);
    const sent = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
      body: { clientKey: crypto.randomUUID(), body: 'Bonjour, pouvez-vous m’envoyer vos factures ?' },
    });
    expect(sent.status).toBe(201);
    const [message] = await notified(t, c.client, 'message.new');
    expect(message).toMatchObject({
      title: 'Nouveau message de Eric Martin',
      body: 'Bonjour, pouvez-vous m’envoyer vos factures ?',
      link: `/messages/${c.conversationId}`,
      category: 'messages',
      count: 1,
    });
    await settle();
    expect((await centre(t, c.expert)).filter((n) => n.type === 'message.new')).toEqual([]);
  });

  it('leaves out a participant connected at the time, who sees it arrive', async () => {
    const c = await dossierWithExpert(t);
    const send = (body: string) =>
      t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
        token: c.expert.token,
        body: { clientKey: crypto.randomUUID(), body },
      });
    const socket = await connectSocket(t.baseUrl, c.client.token);
    await send('Vous êtes là ?');
    await settle();
    socket.close();
    expect((await centre(t, c.client)).filter((n) => n.type === 'message.new')).toEqual([]);
    await send('Je vous écris plus tard.');
    const [message] = await notified(t, c.client, 'message.new');
    expect(message).toMatchObject({ body: 'Je vous écris plus tard.', count: 1 });
  });

  it('leaves out an admin who joined the conversation to oversee it', async () => {
    const c = await dossierWithExpert(t);
    const joined = await t.request('POST', `/api/conversations/${c.conversationId}/join`, {
      token: cast.admin.token,
    });
    expect(joined.status).toBeLessThan(300);
    await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
      body: { clientKey: crypto.randomUUID(), body: 'Voici le point sur le dossier.' },
    });
    await notified(t, c.client, 'message.new');
    expect((await centre(t, cast.admin)).filter((n) => n.link === `/messages/${c.conversationId}`)).toEqual(
      [],
    );
  });
});

describe('a dossier’s status change', () => {
  it('notifies the company’s clients and the expert, not its author', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const link = `/dossiers/${dossierId}`;
    await assignThroughRequest(t, client, dossierId, cast.expert);
    const people = { admin: cast.admin, client, expert: cast.expert };
    await walkWorkflow(t, people, dossierId, [[client, { to: 'documents_pending' }]]);
    const [change] = await notified(t, cast.expert, 'dossier.status_changed', link);
    expect(change?.title).toMatch(/^Dossier FT-.+ : Documents à fournir$/);
    expect(change?.body).toContain(
      'de Transports Dupont est passé de « Expert assigné » à « Documents à fournir »',
    );
    await walkWorkflow(t, people, dossierId, [[cast.expert, { to: 'audit_in_progress' }]]);
    await expect
      .poll(async () => (await notified(t, client, 'dossier.status_changed', link)).map((n) => n.title))
      .toEqual([expect.stringMatching(/: Audit en cours$/), expect.stringMatching(/: Éligible$/)]);
  });

  it('leaves the steps of an expert request to the request’s own notifications', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    await requestExpert(t, client, dossierId, cast.otherExpert);
    await notified(t, cast.otherExpert, 'expert_request.created', `/dossiers/${dossierId}`);
    await settle();
    const otherTypes = (await centre(t, cast.otherExpert)).filter((n) => n.link === `/dossiers/${dossierId}`);
    expect(otherTypes.map((n) => n.type)).toEqual(['expert_request.created']);
  });
});

describe('an expert request', () => {
  it('tells the expert who asks, with the client’s message', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const res = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: cast.expert.user.id, message: 'Dossier urgent, merci' },
    });
    expect(res.status).toBe(201);
    const [created] = await notified(t, cast.expert, 'expert_request.created', `/dossiers/${dossierId}`);
    expect(created?.title).toMatch(/^Demande d’expertise : dossier FT-/);
    expect(created?.body).toMatch(
      /^Transports Dupont vous propose son dossier .*TICPE.*\. « Dossier urgent, merci »$/,
    );
  });

  it('tells the clients that the expert accepted, once', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    await assignThroughRequest(t, client, dossierId, cast.expert);
    const [accepted] = await notified(t, client, 'expert_request.accepted');
    expect(accepted?.title).toMatch(/^Eva Lambert a accepté votre dossier FT-/);
    await settle();
    const changes = (await centre(t, client)).filter((n) => n.type === 'dossier.status_changed');
    expect(changes.map((n) => n.title)).toEqual([expect.stringMatching(/: Éligible$/)]);
  });

  it('tells the clients that the expert declined, and why', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    const request = await requestExpert(t, client, dossierId, cast.expert);
    const res = await t.request('POST', `/api/expert-requests/${request.id}/decline`, {
      token: cast.expert.token,
      body: { reason: 'Agenda complet' },
    });
    expect(res.status).toBe(200);
    const [declined] = await notified(t, client, 'expert_request.declined');
    expect(declined?.body).toMatch(/^Motif : Agenda complet\. Choisissez un autre expert/);
  });
});

describe('an expert assigned by an admin', () => {
  it('tells the clients, the new expert and the one it leaves, not the admin', async () => {
    const { client, dossierId } = await eligibleDossier(t, cast.admin);
    await assignThroughRequest(t, client, dossierId, cast.expert);
    const res = await t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, {
      token: cast.admin.token,
      body: { expertId: cast.otherExpert.user.id, reason: 'Expert indisponible' },
    });
    expect(res.status).toBe(200);
    const [forClient] = await notified(t, client, 'dossier.expert_assigned');
    expect(forClient?.body).toMatch(/^Otto Durand suit désormais le dossier/);
    await notified(t, cast.otherExpert, 'dossier.expert_assigned', `/dossiers/${dossierId}`);
    await notified(t, cast.expert, 'dossier.expert_assigned', `/dossiers/${dossierId}`);
    await settle();
    expect((await centre(t, cast.admin)).filter((n) => n.type === 'dossier.expert_assigned')).toEqual([]);
  });
});

describe('a review', () => {
  it('tells the expert of the review, then the client of the answer', async () => {
    const expert = await approvedExpert(t, cast.admin, { firstName: 'Rémi', lastName: 'Avis' });
    const { client, dossierId } = await closedDossierWith(t, cast.admin, expert);
    const posted = await postReview(t, client, expert.user.id, dossierId, 4);
    expect(posted.status).toBe(201);
    const [review] = await notified(t, expert, 'review.created');
    expect(review).toMatchObject({ title: 'Nouvel avis : 4/5', link: `/experts/${expert.user.id}` });
    const reply = await t.request('POST', `/api/reviews/${posted.body.id}/reply`, {
      token: expert.token,
      body: { text: 'Merci pour votre confiance.' },
    });
    expect(reply.status).toBe(200);
    const [answer] = await notified(t, client, 'review.replied');
    expect(answer?.title).toBe('Rémi Avis a répondu à votre avis');
  });
});

describe('an account decision', () => {
  it('tells an approved expert that their account is active', async () => {
    const expert = await approvedExpert(t, cast.admin, { firstName: 'Nina' });
    const [approved] = await notified(t, expert, 'account.approved');
    expect(approved).toMatchObject({ title: 'Votre compte est validé', link: '/compte' });
  });

  it('tells a rejected expert, whose account is no longer pending', async () => {
    const expert = await registerExpert(t);
    const res = await t.request('POST', `/api/admin/users/${expert.user.id}/reject`, {
      token: cast.admin.token,
      body: { reason: 'Justificatifs manquants' },
    });
    expect(res.status).toBe(200);
    const [rejected] = await notified(t, expert, 'account.rejected');
    expect(rejected?.title).toBe('Votre demande de compte n’a pas été acceptée');
  });

  it('records the suspension notice of a suspended account, for its e-mail', async () => {
    const expert = await approvedExpert(t, cast.admin);
    const res = await t.request('POST', `/api/admin/users/${expert.user.id}/suspend`, {
      token: cast.admin.token,
      body: { reason: 'Contrôle' },
    });
    expect(res.status).toBe(200);
    await expect
      .poll(async () =>
        t.db
          .selectFrom('notificationDeliveries as d')
          .innerJoin('notifications as n', 'n.id', 'd.notificationId')
          .select(['n.type', 'd.channel'])
          .where('n.recipientId', '=', expert.user.id)
          .where('n.type', '=', 'account.suspended')
          .execute(),
      )
      .toEqual([{ type: 'account.suspended', channel: 'email' }]);
  });
});

describe('a security notice', () => {
  it('follows a password change', async () => {
    const expert = await approvedExpert(t, cast.admin);
    const res = await t.request('POST', '/api/me/password', {
      token: expert.token,
      body: { currentPassword: PASSWORD, newPassword: 'Another-Horse-43' },
    });
    expect(res.status).toBe(204);
    const [notice] = await notified(t, expert, 'security.password_changed');
    expect(notice).toMatchObject({ category: 'security', title: 'Votre mot de passe a été modifié' });
  });

  it('follows an e-mail change, naming both addresses', async () => {
    const expert = await approvedExpert(t, cast.admin);
    t.app.services.events.publish('user.email_changed', {
      userId: expert.user.id,
      previousEmail: expert.user.email,
      email: 'nouvelle@test.fr',
      at: t.clock.now(),
    });
    const [notice] = await notified(t, expert, 'security.email_changed');
    expect(notice?.body).toContain(`de ${expert.user.email} à nouvelle@test.fr`);
  });

  it('follows a sign-in from a browser the account had not used', async () => {
    const expert = await approvedExpert(t, cast.admin);
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: expert.user.email, password: PASSWORD },
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
    });
    expect(res.status).toBe(200);
    const [notice] = await notified(t, expert, 'security.new_sign_in');
    expect(notice?.body).toMatch(/^Connexion depuis Firefox · Linux \(adresse .+\)/);
  });
});
