import { describe, expect, it } from 'vitest';
import { createAdmin, createDossier, registerClient } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
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

  it('tells the dossier’s client that a step completed, not the one who completed it', async () => {
    const { client, dossierId } = await inReview();
    await completeOpen(t, cast.admin, dossierId);
    const link = `/dossiers/${dossierId}`;
    const told = await notified(t, client, 'workflow.step_completed', link);
    expect(told.map((n) => n.title)).toContain('Étape terminée : Vérifier l’éligibilité');
    const adminOwn = (await centre(t, cast.admin, 'view=all&limit=100')).filter(
      (n) => n.type === 'workflow.step_completed' && n.link === link,
    );
    expect(adminOwn).toEqual([]);
  });
});
