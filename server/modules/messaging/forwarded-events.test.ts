/** Domain events of other modules forwarded to the sockets of the people concerned. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../../tests/support/waiting.ts';
import { collect, messagingTestApp, nextEvent } from './messaging.factories.ts';

const { t, openAll, cast } = messagingTestApp();

describe('forwarded events', () => {
  it('forwards marketplace events to the company and the expert concerned', async () => {
    const c = await cast();
    const [client, expert, outsider] = await openAll(c.client.token, c.expert.token, c.outsider.token);
    const leaked = collect(outsider, 'expert_request:updated');
    const atClient = nextEvent(client, 'expert_request:updated');
    const atExpert = nextEvent(expert, 'expert_request:updated');
    const requestId = randomUUID();
    t.app.services.events.publish('expert_request.accepted', {
      requestId,
      dossierId: c.dossierId,
      expertId: c.expert.user.id,
      companyId: c.client.user.company!.id,
      actorId: c.expert.user.id,
      at: t.clock.now(),
    });
    expect(await atClient).toMatchObject({ requestId, state: 'accepted', dossierId: c.dossierId });
    expect((await atExpert).requestId).toBe(requestId);
    await sleep(100);
    expect(leaked).toEqual([]);
  });

  it('forwards dossier changes to the people concerned as dossier:updated', async () => {
    const c = await cast();
    const [client, expert, outsider] = await openAll(c.client.token, c.expert.token, c.outsider.token);
    const leaked = collect(outsider, 'dossier:updated');
    const atClient = nextEvent(client, 'dossier:updated');
    const res = await t.request('POST', `/api/dossiers/${c.dossierId}/transitions`, {
      token: c.expert.token,
      body: { to: 'expert_assigned' },
    });
    expect(res.status).toBe(200);
    expect(await atClient).toMatchObject({
      dossierId: c.dossierId,
      status: 'expert_assigned',
      previousStatus: 'expert_pending',
    });
    void expert;
    await sleep(100);
    expect(leaked).toEqual([]);
  });
});
