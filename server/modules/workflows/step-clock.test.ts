import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorkflowStepInput } from '../../../common/workflows.ts';
import { approvedExpert, createAdmin, type Session } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { uploaded } from '../documents/documents.factories.ts';
import { addCounted } from './business-calendar.ts';
import {
  advanceTo,
  engineDossier,
  engineTemplate,
  openStep,
  writeTemplate,
} from './workflow-engine.factories.ts';

const HOUR = 3_600_000;
/** The clock moves by hours: the sessions made before must outlive it. */
const overrides = { overrides: { accessTokenTtlSeconds: 365 * 86_400 } };

/** The engine tests' template, the audit with an SLA of 5 business days, the documents step asking for nothing. */
const template: WorkflowStepInput[] = engineTemplate.map((step) => {
  if (step.key === 'audit') return { ...step, sla: { amount: 5, unit: 'business_days' } };
  if (step.key === 'documents') return { ...step, actions: [] };
  return step;
});

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  const expert = await approvedExpert(t, admin);
  await writeTemplate(t, admin, template);
  return { admin, expert };
}, overrides);

/** A new dossier whose step `key` is open. */
async function dossierAt(key: string) {
  const d = await engineDossier(t, cast);
  await advanceTo(t, d, key);
  return d;
}

/** The clock change `work` causes on the dossier's open step (the subscribers run after the commit). */
async function clockChange(dossierId: string, work: () => Promise<unknown>) {
  let stop = () => {};
  const changed = new Promise<DomainEvents['workflow.clock_changed']>((resolve) => {
    stop = t.app.services.events.subscribe('workflow.clock_changed', (event) => {
      if (event.dossierId === dossierId) resolve(event);
    });
  });
  try {
    await work();
    return await changed;
  } finally {
    stop();
  }
}

async function requestDocument(expert: Session, dossierId: string) {
  const res = await t.request('POST', `/api/dossiers/${dossierId}/document-requests`, {
    token: expert.token,
    body: { category: 'fuel_invoices' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function say(who: Session, dossierId: string, body: string) {
  const conversation = await t.request('GET', `/api/dossiers/${dossierId}/conversation`, {
    token: who.token,
  });
  expect(conversation.status, JSON.stringify(conversation.body)).toBe(200);
  const res = await t.request('POST', `/api/conversations/${conversation.body.id}/messages`, {
    token: who.token,
    body: { clientKey: randomUUID(), body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const pausesOf = (stepId: string) =>
  t.db.selectFrom('stepPauses').selectAll().where('stepId', '=', stepId).orderBy('startedAt').execute();

describe('documents requested from the client', () => {
  it('pause the expert’s step', async () => {
    const d = await dossierAt('audit');
    const change = await clockChange(d.dossierId, () => requestDocument(d.expert, d.dossierId));
    expect(change).toMatchObject({ stepKey: 'audit', paused: true, role: 'expert' });
    expect(await openStep(t, d.dossierId)).toMatchObject({
      pauseReason: 'documents_requested',
      pausedSince: t.clock.now(),
      runningSince: null,
      dueAt: null,
      warnAt: null,
    });
  });

  it('resume it once handed over, the deadline moved by the counted time paused', async () => {
    const d = await dossierAt('audit');
    const before = (await openStep(t, d.dossierId))!;
    let requestId = '';
    await clockChange(d.dossierId, async () => {
      requestId = await requestDocument(d.expert, d.dossierId);
    });
    t.clock.advance(2 * HOUR);
    const change = await clockChange(d.dossierId, () =>
      uploaded(t, d.client, d.dossierId, undefined, 'facture.txt', { category: 'fuel_invoices', requestId }),
    );
    expect(change.paused).toBe(false);
    const after = (await openStep(t, d.dossierId))!;
    expect(Number(after.pausedMs)).toBe(2 * HOUR);
    expect(after.dueAt).toEqual(addCounted(before.dueAt!, 2 * HOUR, 'business_days'));
  });

  it('record the time paused as a closed pause of the step', async () => {
    const d = await dossierAt('audit');
    let requestId = '';
    const paused = await clockChange(d.dossierId, async () => {
      requestId = await requestDocument(d.expert, d.dossierId);
    });
    t.clock.advance(HOUR);
    await clockChange(d.dossierId, () =>
      t.request('POST', `/api/document-requests/${requestId}/cancel`, { token: d.expert.token }),
    );
    expect(await pausesOf(paused.stepId)).toMatchObject([
      { reason: 'documents_requested', startedAt: paused.at, endedAt: t.clock.now() },
    ]);
  });

  it('pause a step entered while they are still awaited', async () => {
    const d = await dossierAt('documents');
    await requestDocument(d.expert, d.dossierId);
    const change = await clockChange(d.dossierId, () => advanceTo(t, d, 'audit'));
    expect(change).toMatchObject({ stepKey: 'audit', paused: true });
    expect((await openStep(t, d.dossierId))?.pauseReason).toBe('documents_requested');
  });

  it('leave a client’s own step running', async () => {
    const d = await dossierAt('letter_signature');
    await requestDocument(d.expert, d.dossierId);
    expect(await t.app.services.workflows.stepClock.refresh(d.dossierId)).toBeNull();
    expect(await openStep(t, d.dossierId)).toMatchObject({ pausedSince: null, pauseReason: null });
  });
});

describe('questions in the dossier’s conversation', () => {
  it('pause the expert’s step while the client has not answered the expert', async () => {
    const d = await dossierAt('audit');
    const change = await clockChange(d.dossierId, () => say(d.expert, d.dossierId, 'Combien de camions ?'));
    expect(change.paused).toBe(true);
    expect((await openStep(t, d.dossierId))?.pauseReason).toBe('awaiting_reply');
  });

  it('resume the expert’s step when the client answers', async () => {
    const d = await dossierAt('audit');
    await clockChange(d.dossierId, () => say(d.expert, d.dossierId, 'Combien de camions ?'));
    t.clock.advance(HOUR);
    const change = await clockChange(d.dossierId, () => say(d.client, d.dossierId, 'Douze.'));
    expect(change.paused).toBe(false);
    const step = await openStep(t, d.dossierId);
    expect(step?.pauseReason).toBeNull();
    expect(Number(step?.pausedMs)).toBe(HOUR);
  });

  it('pause the client’s step while the expert has not answered the client', async () => {
    const d = await dossierAt('letter_signature');
    const change = await clockChange(d.dossierId, () => say(d.client, d.dossierId, 'Que dois-je signer ?'));
    expect(change).toMatchObject({ stepKey: 'letter_signature', role: 'client', paused: true });
    expect((await openStep(t, d.dossierId))?.pauseReason).toBe('awaiting_reply');
  });
});
