import { describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin, type Session } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import {
  advanceTo,
  engineDossier,
  engineTemplate,
  openStep,
  stepRows,
  writeTemplate,
} from './workflow-engine.factories.ts';

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  return { admin, expert: await approvedExpert(t, admin) };
});

const migrate = (who: Session, body: Record<string, unknown>, productCode = 'TICPE') =>
  t.request('POST', `/api/workflow-templates/${productCode}/migrations`, { token: who.token, body });

/** The engine template with its `audit` step renamed. */
const revised = engineTemplate.map((s) => (s.key === 'audit' ? { ...s, key: 'audit_v2' } : s));

const versionOf = async (dossierId: string) =>
  (
    await t.db
      .selectFrom('dossierWorkflows as w')
      .innerJoin('workflowTemplates as v', 'v.id', 'w.templateId')
      .select('v.version')
      .where('w.dossierId', '=', dossierId)
      .executeTakeFirstOrThrow()
  ).version;

/** Two dossiers on the engine template (one at `gather`, one at `audit`), then the revised version written. */
async function twoDossiersAndNewVersion() {
  await writeTemplate(t, cast.admin);
  const atGather = await engineDossier(t, cast, true);
  await advanceTo(t, atGather, 'gather');
  const atAudit = await engineDossier(t, cast, true);
  await advanceTo(t, atAudit, 'audit');
  const toVersion = await writeTemplate(t, cast.admin, revised);
  return { atGather, atAudit, toVersion };
}

const entryOf = (body: { dossiers: { dossierId: string }[] }, dossierId: string) =>
  body.dossiers.find((e) => e.dossierId === dossierId);

describe('POST /api/workflow-templates/:productCode/migrations', () => {
  it('previews each dossier’s step now and on the new version, writing nothing', async () => {
    const { atGather, atAudit, toVersion } = await twoDossiersAndNewVersion();
    const res = await migrate(cast.admin, { toVersion, dossierIds: [atGather.dossierId, atAudit.dossierId] });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(false);
    expect(entryOf(res.body, atGather.dossierId)).toMatchObject({
      fromVersion: toVersion - 1,
      fromStep: { key: 'gather' },
      toStep: { key: 'gather' },
    });
    expect(await versionOf(atGather.dossierId)).toBe(toVersion - 1);
  });

  it('maps a step the new version removed to the first step of the same status', async () => {
    const { atAudit, toVersion } = await twoDossiersAndNewVersion();
    const res = await migrate(cast.admin, { toVersion, dossierIds: [atAudit.dossierId] });
    expect(entryOf(res.body, atAudit.dossierId)).toMatchObject({
      fromStep: { key: 'audit' },
      toStep: { key: 'audit_v2' },
    });
  });

  it('moves the dossiers: the old step abandoned, the mapped one entered on the new version', async () => {
    const { atAudit, toVersion } = await twoDossiersAndNewVersion();
    const res = await migrate(cast.admin, { toVersion, dossierIds: [atAudit.dossierId], dryRun: false });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(true);
    const rows = await stepRows(t, atAudit.dossierId);
    expect(rows.find((r) => r.stepKey === 'audit')).toMatchObject({ state: 'abandoned', note: 'migrated' });
    expect(await openStep(t, atAudit.dossierId)).toMatchObject({ stepKey: 'audit_v2', state: 'active' });
    expect(await versionOf(atAudit.dossierId)).toBe(toVersion);
  });

  it('audits each dossier moved', async () => {
    const { atGather, toVersion } = await twoDossiersAndNewVersion();
    await migrate(cast.admin, { toVersion, dossierIds: [atGather.dossierId], dryRun: false });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'after'])
      .where('action', '=', 'workflow.migrated')
      .where('entityId', '=', atGather.dossierId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actorId: cast.admin.user.id,
      after: { version: toVersion, step: 'gather' },
    });
  });

  it('moves only the dossiers named', async () => {
    const { atGather, atAudit, toVersion } = await twoDossiersAndNewVersion();
    await migrate(cast.admin, { toVersion, dossierIds: [atGather.dossierId], dryRun: false });
    expect(await versionOf(atAudit.dossierId)).toBe(toVersion - 1);
  });

  it('leaves out the dossiers already on the version', async () => {
    const { atGather, toVersion } = await twoDossiersAndNewVersion();
    await migrate(cast.admin, { toVersion, dossierIds: [atGather.dossierId], dryRun: false });
    const res = await migrate(cast.admin, { toVersion, dossierIds: [atGather.dossierId] });
    expect(res.body.dossiers).toEqual([]);
  });

  it('answers 404 for a version that does not exist', async () => {
    const res = await migrate(cast.admin, { toVersion: 999 });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('WORKFLOW_VERSION_NOT_FOUND');
  });

  it.each(['client', 'expert'] as const)('refuses a %s', async (role) => {
    const d = await engineDossier(t, cast);
    const res = await migrate(role === 'client' ? d.client : cast.expert, { toVersion: 1 });
    expect(res.status).toBe(403);
  });

  it('refuses an anonymous caller', async () => {
    const res = await t.request('POST', '/api/workflow-templates/TICPE/migrations', {
      body: { toVersion: 1 },
    });
    expect(res.status).toBe(401);
  });

  it('refuses a version that is not a number', async () => {
    const res = await migrate(cast.admin, { toVersion: 'latest' });
    expect(res.status).toBe(400);
  });
});
