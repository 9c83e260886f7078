import { describe, expect, it } from 'vitest';
import { createAdmin, createDossier, registerClient } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { sleep } from '../../../tests/support/waiting.ts';
import { completeOpen } from '../workflows/workflow-engine.factories.ts';
import { centre, notified } from './notifications.factories.ts';

const { t, cast } = appWith(async (t) => ({ admin: await createAdmin(t) }));

/** A client's URSSAF dossier (default template) taken to the admins' review: its entry notifies them. */
async function inReview() {
  const client = await registerClient(t);
  const { id } = await createDossier(t, client, 'URSSAF');
  await completeOpen(t, client, id);
  await completeOpen(t, client, id);
  return { client, dossierId: id };
}

describe('workflow notices', () => {
  it('sends the message of a step’s notify action to the roles it names', async () => {
    const { dossierId } = await inReview();
    const [notice] = await notified(t, cast.admin, 'workflow.step_notice', `/dossiers/${dossierId}`);
    expect(notice!.title).toContain('Vérifier');
  });

  it('tells a client once when a step opens with a status change they are told of', async () => {
    const { client, dossierId } = await inReview();
    await completeOpen(t, cast.admin, dossierId);
    await notified(t, client, 'dossier.status_changed', `/dossiers/${dossierId}`);
    await sleep(200);
    const types = (await centre(t, client, 'view=all&limit=100')).map((n) => n.type);
    expect(types).not.toContain('workflow.step_notice');
  });
});
