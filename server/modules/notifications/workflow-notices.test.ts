import { describe, expect, it } from 'vitest';
import { createAdmin, createDossier, registerClient } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { completeOpen } from '../workflows/workflow-engine.factories.ts';
import { notified } from './notifications.factories.ts';

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
});
