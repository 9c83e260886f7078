/**
 * Step completion over HTTP, 8 at a time, each on a different dossier: `POST
 * /api/dossiers/:id/workflow/steps/:stepId/complete` by the party the step is for (the company's client, the
 * dossier's expert, an admin), on open steps with no guard pending (no documents, validation or signature asked)
 * and whose lifecycle edge, when the step ends its status, that party may take with what the request carries (an
 * amount where the edge asks one; not the expert choice, which goes through an expert request). Then the floor:
 * as many GET /api/me by the same callers at the same concurrency.
 */
import { sql } from 'kysely';
import { type DossierStatus, findTransition } from '../../common/dossier-lifecycle.ts';
import type { WorkflowStep } from '../../common/workflows.ts';
import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import { Random } from '../../server/db/seed/random.ts';
import { TokenService } from '../../server/platform/tokens.ts';
import { type BenchRequest, httpLoad, type Percentiles, percentiles, round2 } from '../support.ts';

const CONNECTIONS = 8;

type Open = {
  dossierId: string;
  stepId: string;
  position: number;
  templateId: string;
  companyId: string;
  expertId: string | null;
  estimatedCents: number;
};
type Candidate = { request: BenchRequest; caller: { id: string; token: string } };

/** Whether `role` may complete `steps[position]` in one request (and what the request must carry), or null. */
function completion(steps: WorkflowStep[], position: number): { amount: boolean } | null {
  const step = steps[position]!;
  if (step.requiredDocuments.length > 0 || step.validation || step.signature) return null;
  const next = steps[position + 1];
  if (!next || next.status === step.status) return { amount: false };
  const edge = findTransition(step.status as DossierStatus, next.status as DossierStatus);
  if (!edge || edge.via || edge.requires === 'expert' || edge.requires === 'reason') return null;
  if (step.role !== 'admin' && !edge.by.includes(step.role)) return null;
  return { amount: edge.requires !== undefined };
}

/** `count` completions on distinct dossiers, in a random order, each with its caller's token. */
export async function completionCandidates(db: Db, count: number): Promise<Candidate[]> {
  const templates = new Map(
    (
      await sql<{ id: string; steps: WorkflowStep[] }>`SELECT id, steps FROM workflow_templates`.execute(db)
    ).rows.map((t) => [t.id, t.steps]),
  );
  const { rows } = await sql<Open>`
    SELECT s.dossier_id AS "dossierId", s.id AS "stepId", s.position, w.template_id AS "templateId",
      d.company_id AS "companyId", d.expert_id AS "expertId", d.estimated_cents::float8 AS "estimatedCents"
    FROM dossier_steps s
    JOIN dossier_workflows w ON w.dossier_id = s.dossier_id
    JOIN dossiers d ON d.id = s.dossier_id
    WHERE s.state = 'active' ORDER BY s.id`.execute(db);
  const clients = new Map(
    (
      await sql<{ id: string; companyId: string }>`
        SELECT id, company_id AS "companyId" FROM users WHERE role = 'client'`.execute(db)
    ).rows.map((u) => [u.companyId, u.id]),
  );
  const admin = (
    await sql<{ id: string }>`SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`.execute(db)
  ).rows[0]!.id;
  const eligible = rows.flatMap((open) => {
    const steps = templates.get(open.templateId)!;
    const how = completion(steps, open.position);
    if (!how) return [];
    const role = steps[open.position]!.role;
    const callerId =
      role === 'client' ? clients.get(open.companyId) : role === 'expert' ? open.expertId : admin;
    return callerId ? [{ open, how, role, callerId }] : [];
  });
  const chosen = new Random(8).sample(eligible, count);
  if (chosen.length < count) throw new Error(`only ${chosen.length} steps can be completed, ${count} wanted`);
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const now = new Date();
  const signed = new Map<string, string>();
  const candidates: Candidate[] = [];
  for (const { open, how, role, callerId } of chosen) {
    let token = signed.get(callerId);
    if (!token) {
      token = await tokens.signAccess({ sub: callerId, role }, now);
      signed.set(callerId, token);
    }
    candidates.push({
      caller: { id: callerId, token },
      request: {
        method: 'POST',
        path: `/api/dossiers/${open.dossierId}/workflow/steps/${open.stepId}/complete`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(how.amount ? { amountCents: open.estimatedCents } : {}),
      },
    });
  }
  return candidates;
}

type Measured = Percentiles & { rps: number; errors: number };

async function load(
  port: number,
  next: () => BenchRequest,
  amount: number,
  okStatus: number,
): Promise<Measured> {
  const { latencies, errors, seconds } = await httpLoad({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    requests: next,
    amount,
    okStatus,
  });
  return { ...percentiles(latencies), rps: Math.round(latencies.length / seconds), errors };
}

/**
 * The first candidate once alone (its answer is the success status, or the run stops with the body), `warmUp`
 * unmeasured, then `measured` of them; then the floor over the same callers, warmed up the same way.
 */
export async function completeLoad(port: number, candidates: Candidate[], warmUp: number, measured: number) {
  const [first, ...rest] = candidates;
  const response = await fetch(`http://127.0.0.1:${port}${first!.request.path}`, {
    method: 'POST',
    headers: first!.request.headers,
    body: first!.request.body,
  });
  if (response.status >= 300)
    throw new Error(`step completion refused: ${response.status} ${await response.text()}`);
  const okStatus = response.status;
  let n = 0;
  // Each request takes the next dossier: none is completed twice (autocannon may prepare a few it never sends).
  const next = () => rest[Math.min(n++, rest.length - 1)]!.request;
  await load(port, next, warmUp, okStatus);
  console.log(`Step completion: ${measured} dossiers, ${CONNECTIONS} at a time…`);
  const complete = await load(port, next, measured, okStatus);
  let m = 0;
  const me = () => ({
    path: '/api/me',
    headers: { authorization: `Bearer ${rest[m++ % rest.length]!.caller.token}` },
  });
  console.log(`Floor: ${measured} GET /api/me by the same callers…`);
  await load(port, me, warmUp, 200);
  const floor = await load(port, me, measured, 200);
  return {
    complete,
    floor,
    floor_ratio_p95: floor.p95_ms > 0 ? round2(complete.p95_ms / floor.p95_ms) : null,
    used: n + 1,
  };
}
