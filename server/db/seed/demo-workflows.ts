import { Readable } from 'node:stream';
import type { SlaUnit } from '../../../common/workflows.ts';
import type { SlaConfig } from '../../config.ts';
import { countedBetween, slaMs } from '../../modules/workflows/business-calendar.ts';
import { startClock } from '../../modules/workflows/sla-clock.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Services } from '../../services.ts';
import type { Db } from '../pool.ts';
import { demoAccounts } from './demo.ts';
import { pdfFile } from './pdf-file.ts';

const HOUR = 3_600_000;
const QUARTER = 15 * 60_000;

type OpenStep = {
  id: string;
  dossierId: string;
  stepKey: string;
  position: number;
  templateId: string;
  companyId: string;
  expertId: string | null;
  // The client who opened the dossier (every demo dossier has one).
  createdBy: string | null;
};

/** How far along its SLA a late demo step is: counted time used, as a share of the SLA plus extra hours. */
const lateness = {
  escalated: { share: 1, extraHours: 30 },
  breached: { share: 1, extraHours: 2 },
  approaching: { share: 0.85, extraHours: 0 },
} as const;

/** The latest instant from which `counted` ms of `unit` have been counted by `now` (to the quarter hour). */
function enteredFor(counted: number, unit: SlaUnit, now: Date): Date {
  let at = now.getTime() - counted;
  while (countedBetween(new Date(at), now, unit) < counted) at -= QUARTER;
  return new Date(at);
}

/**
 * The demo dossiers' workflows, through the app's services once it listens (after the demo documents): every
 * dossier gets its workflow aligned with its status (the backfill), a few advance within their status so that every
 * step has a dossier (the engagement letter uploaded by the expert and signed by the client, a claim filed, a draft
 * confirmed: its step's reminder is created), an expert's step waits on requested documents (its clock paused), a
 * few steps entered long enough ago to be approaching or past their SLA (their clocks recomputed from that entry),
 * and a real sweep raises their alerts. Returns the sweep's result.
 */
export async function seedDemoWorkflows(
  db: Db,
  services: Pick<Services, 'workflows' | 'documents'>,
  sla: Pick<SlaConfig, 'warningRatio'>,
  now: Date,
) {
  const { workflows, documents } = services;
  await workflows.engine.backfill();
  const expert = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', demoAccounts.expert.email)
    .executeTakeFirstOrThrow();
  // The demo expert's dossiers first, so that their alert centre and tracker show it all.
  const open = await db
    .selectFrom('dossierSteps as s')
    .innerJoin('dossierWorkflows as w', 'w.currentStepId', 's.id')
    .innerJoin('dossiers as d', 'd.id', 's.dossierId')
    .select([
      's.id',
      's.dossierId',
      's.stepKey',
      's.position',
      'w.templateId',
      'd.companyId',
      'd.expertId',
      'd.createdBy',
    ])
    .orderBy((eb) => eb.case().when('d.expertId', '=', expert.id).then(0).else(1).end())
    .orderBy('d.createdAt')
    .execute();
  const used = new Set<string>();
  const take = (key: string) => {
    const step = open.find((s) => s.stepKey === key && !used.has(s.dossierId));
    if (step) used.add(step.dossierId);
    return step;
  };
  // A dossier moves on from a step only when another one stays there: every step keeps a dossier.
  const spare = (key: string) =>
    open.filter((s) => s.stepKey === key && !used.has(s.dossierId)).length > 1 ? take(key) : undefined;
  const expertOf = (s: OpenStep): Actor => ({ id: s.expertId!, role: 'expert', companyId: null });
  const clientOf = (s: OpenStep): Actor => ({ id: s.createdBy!, role: 'client', companyId: s.companyId });

  const letter = spare('engagement_letter_upload');
  if (letter) await signEngagementLetter(db, services, letter, expertOf(letter), clientOf(letter));
  const claim = spare('claim_filing');
  if (claim) await workflows.engine.complete(expertOf(claim), claim.dossierId, claim.id, {});
  const draft = spare('confirm_dossier');
  if (draft) await workflows.engine.complete(clientOf(draft), draft.dossierId, draft.id, {});

  const waiting = take('audit');
  if (waiting) {
    await documents.requests.create(expertOf(waiting), waiting.dossierId, {
      category: 'other',
      note: 'Merci de nous transmettre le grand livre de l’exercice.',
      dueDate: new Date(now.getTime() + 7 * 24 * HOUR).toISOString().slice(0, 10),
    });
    await workflows.stepClock.refresh(waiting.dossierId);
  }

  // Each late step: the first of these steps whose clock runs.
  const late: [keyof typeof lateness, string[]][] = [
    ['escalated', ['audit', 'claim_filing', 'closing', 'supporting_documents', 'eligibility_review']],
    ['breached', ['audit_acceptance', 'engagement_letter_signature', 'supporting_documents']],
    ['breached', ['claim_filing', 'audit', 'eligibility_review', 'engagement_letter_upload']],
    ['approaching', ['expert_answer', 'eligibility_review', 'engagement_letter_signature']],
    ['approaching', ['closing', 'claim_filing', 'audit', 'supporting_documents']],
  ];
  // A late step's clock must run: steps waiting on the other party (its conversation's last word) are passed over.
  const running = async (keys: string[]) => {
    const candidates = keys.flatMap((key) => open.filter((s) => s.stepKey === key));
    for (const step of candidates) {
      if (used.has(step.dossierId)) continue;
      await workflows.stepClock.refresh(step.dossierId);
      const { pausedSince } = await db
        .selectFrom('dossierSteps')
        .select('pausedSince')
        .where('id', '=', step.id)
        .executeTakeFirstOrThrow();
      if (pausedSince) continue;
      used.add(step.dossierId);
      return step;
    }
  };
  for (const [how, keys] of late) {
    const step = await running(keys);
    if (step) await backdate(db, services, step, how, { now, warningRatio: sla.warningRatio });
  }
  return workflows.sweep.sweep();
}

/** The expert uploads the engagement letter and completes their step; the client signs the letter. */
async function signEngagementLetter(
  db: Db,
  { workflows, documents }: Pick<Services, 'workflows' | 'documents'>,
  step: OpenStep,
  expert: Actor,
  client: Actor,
) {
  const bytes = await pdfFile([
    'LETTRE DE MISSION\n\nLe cabinet s’engage à auditer les droits du client et à déposer la réclamation.\n' +
      `Honoraires : 20 % des sommes obtenues.\n\nRéférence : DEMO-ENGAGEMENT-${step.dossierId.slice(0, 8)}`,
  ]);
  await documents.documents.upload(
    expert,
    step.dossierId,
    { category: 'engagement_letter' },
    { filename: 'lettre-de-mission.pdf', stream: Readable.from([bytes]) },
  );
  await workflows.engine.complete(expert, step.dossierId, step.id, {});
  const signature = await db
    .selectFrom('dossierWorkflows')
    .select('currentStepId')
    .where('dossierId', '=', step.dossierId)
    .executeTakeFirstOrThrow();
  const signer = await db
    .selectFrom('users')
    .select(['firstName', 'lastName'])
    .where('id', '=', client.id)
    .executeTakeFirstOrThrow();
  await workflows.signatures.sign(
    client,
    step.dossierId,
    signature.currentStepId!,
    { signerName: `${signer.firstName} ${signer.lastName}`, accept: true },
    { ip: '203.0.113.24', userAgent: 'Mozilla/5.0 (démonstration)' },
  );
}

/** The step entered as long ago as `how` says, its SLA clock started then (the app's own arithmetic). */
async function backdate(
  db: Db,
  { workflows }: Pick<Services, 'workflows'>,
  step: OpenStep,
  how: keyof typeof lateness,
  { now, warningRatio }: { now: Date; warningRatio: number },
) {
  const sla = (await workflows.templates.byId(step.templateId)).steps[step.position]?.sla;
  if (!sla) return;
  const { share, extraHours } = lateness[how];
  const enteredAt = enteredFor(Math.round(share * slaMs(sla)) + extraHours * HOUR, sla.unit, now);
  const started = startClock(sla, enteredAt, warningRatio);
  await db
    .updateTable('dossierSteps')
    .set({ enteredAt, runningSince: enteredAt, consumedMs: 0, warnAt: started.warnAt, dueAt: started.dueAt })
    .where('id', '=', step.id)
    .where('pausedSince', 'is', null)
    .execute();
}
