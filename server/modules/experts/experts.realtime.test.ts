import { afterAll, describe, expect, it } from 'vitest';
import { approvedExpert, registerClient, type Session } from '../../../tests/support/factories.ts';
import { sleep } from '../../../tests/support/waiting.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { type ClientSocket, collect, connect, nextEvent } from '../messaging/messaging.factories.ts';
import { closedDossierWith, expertsTestApp, postReview, requestExpert } from './experts.factories.ts';

const { t, admin, expert } = expertsTestApp();
const sockets: ClientSocket[] = [];
const open = async (session: Session) => {
  const socket = await connect(t.baseUrl, session.token);
  sockets.push(socket);
  return socket;
};

afterAll(() => {
  for (const socket of sockets) socket.close();
});

describe('review:updated', () => {
  it('reaches the expert and the reviewing company when a review is posted, and no one else', async () => {
    const { client, dossierId } = await closedDossierWith(t, admin, expert);
    const [atClient, atExpert, atOutsider] = await Promise.all([
      open(client),
      open(expert),
      open(await registerClient(t)),
    ]);
    const leaked = collect(atOutsider, 'review:updated');
    const toClient = nextEvent(atClient, 'review:updated');
    const toExpert = nextEvent(atExpert, 'review:updated');
    const res = await postReview(t, client, expert.user.id, dossierId, 4);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const expected = { reviewId: res.body.id, expertId: expert.user.id, state: 'created' };
    expect(await toClient).toMatchObject(expected);
    expect(await toExpert).toMatchObject(expected);
    await sleep(100);
    expect(leaked).toEqual([]);
  });
});

describe('expert_request:updated', () => {
  it('reaches the client company, the expert and the admins when a request is made', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const [atClient, atExpert, atAdmin, atOtherExpert] = await Promise.all([
      open(client),
      open(expert),
      open(admin),
      open(await approvedExpert(t, admin)),
    ]);
    const leaked = collect(atOtherExpert, 'expert_request:updated');
    const received = [atClient, atExpert, atAdmin].map((s) =>
      nextEvent(s, 'expert_request:updated', (e) => e.dossierId === dossierId),
    );
    const request = await requestExpert(t, client, dossierId, expert);
    for (const event of await Promise.all(received)) {
      expect(event).toMatchObject({
        requestId: request.id,
        dossierId,
        expertId: expert.user.id,
        state: 'created',
      });
    }
    await sleep(100);
    expect(leaked).toEqual([]);
  });
});
