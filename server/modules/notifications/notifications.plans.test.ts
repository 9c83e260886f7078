/** A notification's statements are prepared once per connection and keep their plan (see `prepared`). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { registerClient } from '../../../tests/support/factories.ts';
import { expectOnePlan } from '../../../tests/support/plans.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { usersRepo } from '../users/users.repo.ts';
import { sampleData, subscribedClient } from './notifications.factories.ts';
import { notificationsRepo } from './notifications.repo.ts';
import { notice } from './templates.ts';

const { t } = appWith(async () => ({}));

describe('the statements of a notification', () => {
  it('read the recipients’ states with one plan', async () => {
    const people = [await subscribedClient(t), await registerClient(t)].map((p) => p.user.id);
    await expectOnePlan(t.db, 'AS pushable', (conn, run) =>
      notificationsRepo.recipientStates(conn, `test:${randomUUID()}`, people.slice(0, 1 + (run % 2))),
    );
  });

  it('read the recipients’ contacts with one plan', async () => {
    const people = [await registerClient(t), await registerClient(t)].map((p) => p.user.id);
    await expectOnePlan(t.db, 'u.time_zone', (conn, run) =>
      usersRepo.contacts(conn, people.slice(0, 1 + (run % 2))),
    );
  });

  it('write the event with one plan', async () => {
    const people = [await registerClient(t), await registerClient(t)].map((p) => p.user.id);
    await expectOnePlan(t.db, 'INSERT INTO notification_events', (conn, run) => {
      const at = new Date();
      const recipients = people.slice(0, 1 + (run % 2));
      return notificationsRepo.writeEvent(conn, {
        eventKey: `test:${randomUUID()}`,
        type: 'dossier.status_changed',
        groupKey: null,
        data: {},
        link: '/dossiers/d1',
        searchText: 'statut',
        announcementId: null,
        at,
        recipients: recipients.map((id) => ({ id, notificationId: uuidv7(at.getTime()), inApp: true })),
        deliveries: recipients.map((id) => ({
          id: randomUUID(),
          recipientId: id,
          channel: 'email',
          dueAt: at,
        })),
      });
    });
  });
});

describe('the recipients’ states', () => {
  it('tell, for each recipient, whether the event reached them and whether they can receive pushes', async () => {
    const [pushable, plain] = [await subscribedClient(t), await registerClient(t)];
    const eventKey = `test:${randomUUID()}`;
    await t.app.services.notifications.notifications.notify({
      recipients: [plain.user.id],
      ...notice('dossier.status_changed', sampleData['dossier.status_changed']),
      link: '/dossiers/d1',
      eventKey,
    });
    const states = await notificationsRepo.recipientStates(t.db, eventKey, [pushable.user.id, plain.user.id]);
    expect(states.map((s) => [s.userId, s.reached, s.pushable])).toEqual([
      [pushable.user.id, false, true],
      [plain.user.id, true, false],
    ]);
  });
});
