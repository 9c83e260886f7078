import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { WorkflowProgress } from '../../../common/workflows.ts';
import { type Session, walk } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { pdfFile, uploaded } from '../documents/documents.factories.ts';
import { proposedDossier } from '../dossiers/dossiers.factories.ts';

const { t } = appWith(async () => ({}));

const progressOf = async (who: Session, dossierId: string) =>
  (await t.request<WorkflowProgress>('GET', `/api/dossiers/${dossierId}/workflow`, { token: who.token }))
    .body;

const stepUrl = (dossierId: string, stepId: string) => `/api/dossiers/${dossierId}/workflow/steps/${stepId}`;

const sign = (who: Session, dossierId: string, stepId: string, body: unknown = NAME) =>
  t.request('POST', `${stepUrl(dossierId, stepId)}/signature`, { token: who.token, body });

const NAME = { signerName: 'Camille Martin', accept: true };

/**
 * A dossier at its signature step: its expert took it on and completed the upload step; `withLetter` has the
 * engagement letter uploaded (its bytes returned).
 */
async function atSignature(withLetter = true) {
  const cast = await proposedDossier(t);
  const { dossierId, expert } = cast;
  await walk(t, dossierId, [[expert, { to: 'expert_assigned' }]]);
  const upload = (await progressOf(expert, dossierId)).currentStepId!;
  const done = await t.request('POST', `${stepUrl(dossierId, upload)}/complete`, {
    token: expert.token,
    body: {},
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  const letter = pdfFile();
  if (withLetter) {
    await uploaded(t, expert, dossierId, letter, 'lettre-de-mission.pdf', { category: 'engagement_letter' });
  }
  const stepId = (await progressOf(expert, dossierId)).currentStepId!;
  return { ...cast, upload, stepId, letter };
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

describe('signing a step’s document', () => {
  it('records the signature of the current version with its SHA-256 and the signer’s address', async () => {
    const { client, dossierId, stepId, letter } = await atSignature();
    const res = await sign(client, dossierId, stepId);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      stepId,
      signerName: 'Camille Martin',
      signedAt: t.clock.now().toISOString(),
      documentSha256: createHash('sha256').update(letter).digest('hex'),
      ip: '127.0.0.1',
      certificateUrl: `${stepUrl(dossierId, stepId)}/signature/certificate`,
    });
  });

  it('produces a PDF certificate stating the document’s hash, readable by the dossier’s people', async () => {
    const { client, expert, admin, dossierId, stepId } = await atSignature();
    const signed = await sign(client, dossierId, stepId);
    for (const who of [client, expert, admin]) {
      const res = await fetch(`${t.baseUrl}${signed.body.certificateUrl}`, {
        headers: { authorization: `Bearer ${who.token}` },
      });
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(await res.arrayBuffer());
      expect(text).toContain(signed.body.documentSha256);
      expect(text).toContain('Camille Martin');
    }
  });

  it('shows the signature on the step and in the timeline, and the step no longer misses it', async () => {
    const { client, dossierId, stepId } = await atSignature();
    const before = await progressOf(client, dossierId);
    expect(before.steps.find((s) => s.stepId === stepId)!.missing.signature).toBe(true);
    await sign(client, dossierId, stepId);
    const after = await progressOf(client, dossierId);
    const step = after.steps.find((s) => s.stepId === stepId)!;
    expect(step.signature).toMatchObject({
      documentCategory: 'engagement_letter',
      signerName: 'Camille Martin',
    });
    expect([step.missing.signature, step.state]).toEqual([false, 'active']);
    expect(after.timeline.at(-1)).toMatchObject({ event: 'signed', actor: { id: client.user.id } });
  });

  it('refuses a second signature of the step', async () => {
    const { client, dossierId, stepId } = await atSignature();
    await sign(client, dossierId, stepId);
    const res = await sign(client, dossierId, stepId);
    expect([res.status, res.body.error.code]).toEqual([409, 'STEP_ALREADY_SIGNED']);
  });

  it('refuses to sign before the document is uploaded', async () => {
    const { client, dossierId, stepId } = await atSignature(false);
    const res = await sign(client, dossierId, stepId);
    expect([res.status, res.body.error.code]).toEqual([409, 'STEP_NOT_SIGNABLE']);
  });

  it('refuses a step no longer open', async () => {
    const { client, dossierId, upload } = await atSignature();
    const res = await sign(client, dossierId, upload);
    expect([res.status, res.body.error.code]).toEqual([409, 'STEP_NOT_ACTIVE']);
  });

  it('refuses an open step that asks no signature', async () => {
    const { client, expert, dossierId } = await proposedDossier(t);
    await walk(t, dossierId, [[expert, { to: 'expert_assigned' }]]);
    const res = await sign(client, dossierId, (await progressOf(client, dossierId)).currentStepId!);
    expect([res.status, res.body.error.code]).toEqual([409, 'STEP_NOT_SIGNABLE']);
  });

  it('refuses the expert and the admins (403) and a client of another company (404)', async () => {
    const { expert, admin, outsider, dossierId, stepId } = await atSignature();
    expect((await sign(expert, dossierId, stepId)).status).toBe(403);
    expect((await sign(admin, dossierId, stepId)).status).toBe(403);
    expect((await sign(outsider, dossierId, stepId)).status).toBe(404);
  });

  it('answers 400 to a name too short or a statement not accepted', async () => {
    const { client, dossierId, stepId } = await atSignature();
    for (const body of [
      { signerName: 'Al', accept: true },
      { signerName: 'Camille Martin', accept: false },
    ]) {
      const res = await sign(client, dossierId, stepId, body);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    }
  });

  it('answers 404 for the certificate of a step not signed, and to a client of another company', async () => {
    const { client, outsider, dossierId, stepId } = await atSignature();
    const unsigned = await t.request('GET', `${stepUrl(dossierId, stepId)}/signature/certificate`, {
      token: client.token,
    });
    expect(unsigned.status).toBe(404);
    await sign(client, dossierId, stepId);
    const other = await t.request('GET', `${stepUrl(dossierId, stepId)}/signature/certificate`, {
      token: outsider.token,
    });
    expect(other.status).toBe(404);
  });
});
