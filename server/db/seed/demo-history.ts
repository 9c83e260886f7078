import { sql } from 'kysely';
import { type DossierStatus, mainPath } from '../../../common/dossier-lifecycle.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { companySizes, regions, sectors } from '../../../common/reference.ts';
import { sirenWithCheckDigit } from '../../../common/siren.ts';
import type { WorkflowTemplatesService } from '../../modules/workflows/workflow-templates.service.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { Db, Executor } from '../pool.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { productDefinitions } from './products.ts';
import { Random } from './random.ts';
import { typicalStatusDays } from './status-days.ts';
import { firstNames, lastNames, slug } from './vocabulary.ts';

/** The history's own addresses: how a second call knows the history is there. */
const clientDomain = '@historique.clients.demo.fr';
const expertDomain = '@historique.experts.demo.fr';
const DAY = 86_400_000;

type Stay = { status: DossierStatus; at: Date };
type PlannedDossier = {
  id: string;
  companyId: string;
  clientId: string;
  productCode: string;
  expertId: string | null;
  estimated: number;
  audited: number;
  granted: number;
  /** The statuses it went through, up to now, each with the moment it entered it. */
  stays: Stay[];
};

/** A dossier's fate: closed after a refund (7 in 10), not eligible, cancelled early or refused. */
function pathOf(random: Random): DossierStatus[] {
  const upTo = (status: DossierStatus) => mainPath.slice(0, mainPath.indexOf(status) + 1);
  const fate = random.next();
  if (fate < 0.7) return [...mainPath];
  if (fate < 0.8) return [...upTo('pre_eligibility_review'), 'not_eligible'];
  if (fate < 0.9)
    return [...upTo(random.pick(['draft', 'eligible', 'documents_pending'] as const)), 'cancelled'];
  return [...upTo('administration_decided'), 'refused'];
}

/**
 * A year of the platform's past for the admin dashboard's charts: client companies signing up all year round (more
 * lately), a few experts joining (the latest still awaiting approval), anonymous simulations, and a few hundred
 * dossiers opened over the year, each with its status history dated when it happened (the events the aggregate
 * triggers count changes from), its amounts, the expert request answered, the audit step completed within its SLA or
 * late. Real rows, a few set-based statements: the aggregate triggers keep the dashboard's figures; a second call does
 * nothing.
 * The finished dossiers' workflows name their product's current template: `templates` writes the defaults first.
 */
export async function seedDemoHistory(
  db: Db,
  templates: Pick<WorkflowTemplatesService, 'ensureDefaults'>,
  now: Date,
): Promise<void> {
  const done = await db
    .selectFrom('users')
    .select('id')
    .where('email', 'like', `%${expertDomain}`)
    .executeTakeFirst();
  if (done) return;
  await templates.ensureDefaults();
  const random = new Random(2026);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const since = (days: number) => new Date(now.getTime() - random.int(1, days * 24) * 3_600_000);
  // Sign-ups weighted toward the recent months: the platform grows.
  const growing = (days: number) =>
    new Date(now.getTime() - Math.floor(days * DAY * (1 - Math.sqrt(random.next()))));
  const person = (i: number, domain: string, createdAt: Date) => {
    const [first, last] = [random.pick(firstNames), random.pick(lastNames)];
    return {
      id: uuidv7(createdAt.getTime()),
      email: `${slug(first)}.${slug(last)}.${i}${domain}`,
      passwordHash,
      firstName: first,
      lastName: last,
      createdAt,
      updatedAt: createdAt,
      emailVerifiedAt: createdAt,
    };
  };

  const companies = Array.from({ length: 120 }, (_, i) => {
    const createdAt = since(365);
    return {
      id: uuidv7(createdAt.getTime()),
      name: `${random.pick(lastNames)} ${random.pick(['Logistique', 'Industries', 'Services', 'Agri', 'Bâtiment'])}`,
      siren: sirenWithCheckDigit(String(70_000_000 + i * 13 + 5).padStart(8, '0')),
      sector: random.pick(sectors),
      size: random.pick(companySizes),
      region: random.next() < 0.9 ? random.pick(regions.slice(0, 13)) : random.pick(regions.slice(13)),
      createdAt,
    };
  });
  const clients = companies.map((c, i) => ({
    ...person(i, clientDomain, c.createdAt),
    role: 'client' as const,
    status: 'active' as const,
    companyId: c.id,
  }));
  const experts = Array.from({ length: 16 }, (_, i) => {
    const pending = i >= 13;
    return {
      ...person(i, expertDomain, pending ? since(20) : growing(365)),
      role: 'expert' as const,
      status: pending ? ('pending' as const) : ('active' as const),
      companyId: null,
    };
  });
  const productCodes = productDefinitions.map((p) => p.code);

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('companies').values(companies).execute();
    await trx
      .insertInto('users')
      .values([...clients, ...experts])
      .execute();
    await trx
      .insertInto('expertProfiles')
      .values(
        experts.map((e) => {
          const specialties = random.sample(productCodes, random.int(2, 4));
          return {
            userId: e.id,
            specialties,
            regions: [random.pick(regions.slice(0, 13))],
            languages: ['fr'],
            bio: `Expert en ${specialties.join(', ')}, accompagne les PME dans leurs démarches de récupération.`,
            headline: specialties.join(', '),
            commissionPercent: random.pick([25, 30, 30, 35]),
            capacity: random.int(6, 15),
            createdAt: e.createdAt,
            updatedAt: e.createdAt,
          };
        }),
      )
      .execute();
    // Anonymous simulations all year, about three for each dossier opened.
    await trx
      .insertInto('simulations')
      .values(
        Array.from({ length: 1100 }, () => {
          const createdAt = growing(365);
          return {
            id: uuidv7(createdAt.getTime()),
            userId: null,
            answers: JSON.stringify({}),
            results: JSON.stringify([]),
            totalEstimatedCents: random.int(50, 2000) * 10_000,
            createdAt,
          };
        }),
      )
      .execute();

    const activeExperts = (
      await trx
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'expert')
        .where('status', '=', 'active')
        .orderBy('id')
        .execute()
    ).map((e) => e.id);
    const dossiers = companies.flatMap((company, i) =>
      random.sample(productCodes, random.int(1, 5)).map((productCode): PlannedDossier => {
        const opened = Math.floor(
          company.createdAt.getTime() + random.next() * (now.getTime() - company.createdAt.getTime()),
        );
        const stays: Stay[] = [];
        let at = opened;
        for (const status of pathOf(random)) {
          if (at > now.getTime()) break;
          stays.push({ status, at: new Date(at) });
          at += Math.round((typicalStatusDays[status] ?? 0) * DAY * (0.3 + random.next() * 1.4));
        }
        const estimated = random.int(20, 900) * 10_000;
        const audited = Math.round(estimated * (0.8 + random.next() * 0.4));
        return {
          id: uuidv7(opened),
          companyId: company.id,
          clientId: clients[i]!.id,
          productCode,
          expertId: random.pick(activeExperts),
          estimated,
          audited,
          granted: Math.round(audited * (0.7 + random.next() * 0.3)),
          stays,
        };
      }),
    );
    await insertDossiers(trx, dossiers);
    await answerExpertRequests(trx, dossiers);
    await completeAuditSteps(trx, dossiers);
  });
}

/** The dossiers as they are now, and their status history (the events the aggregates count the changes from). */
async function insertDossiers(trx: Executor, dossiers: PlannedDossier[]) {
  await trx
    .insertInto('dossiers')
    .values(
      dossiers.map((d) => {
        const last = d.stays[d.stays.length - 1]!;
        const reached = (s: DossierStatus) => d.stays.some((x) => x.status === s);
        return {
          id: d.id,
          companyId: d.companyId,
          productCode: d.productCode,
          status: last.status,
          expertId: reached('expert_pending') ? d.expertId : null,
          estimatedCents: d.estimated,
          auditedCents: reached('audit_proposed') ? d.audited : null,
          grantedCents: reached('administration_decided') ? d.granted : null,
          obtainedCents: reached('refunded') ? d.granted : null,
          administrationReference: reached('submitted') ? `ADM-${d.id.slice(-6).toUpperCase()}` : null,
          createdBy: d.clientId,
          statusChangedAt: last.at,
          createdAt: d.stays[0]!.at,
          updatedAt: last.at,
        };
      }),
    )
    .execute();
  await trx
    .insertInto('dossierEvents')
    .values(
      dossiers.flatMap((d) =>
        d.stays.map((stay, i) => ({
          id: uuidv7(stay.at.getTime()),
          dossierId: d.id,
          actorId: d.clientId,
          type: i === 0 ? 'created' : 'status_changed',
          fromStatus: i === 0 ? null : d.stays[i - 1]!.status,
          toStatus: stay.status,
          note: ['cancelled', 'not_eligible', 'refused'].includes(stay.status)
            ? 'Motif de la démonstration'
            : null,
          createdAt: stay.at,
        })),
      ),
    )
    .execute();
}

const enteredAt = (d: PlannedDossier, status: DossierStatus) => d.stays.find((s) => s.status === status)?.at;

/** Each dossier that reached an expert asked one; the expert answered when the dossier went on. */
async function answerExpertRequests(trx: Executor, dossiers: PlannedDossier[]) {
  const asked = dossiers.filter((d) => enteredAt(d, 'expert_pending'));
  if (asked.length === 0) return;
  await trx
    .insertInto('expertRequests')
    .values(
      asked.map((d) => {
        const answeredAt = enteredAt(d, 'expert_assigned');
        return {
          id: uuidv7(enteredAt(d, 'expert_pending')!.getTime()),
          dossierId: d.id,
          expertId: d.expertId!,
          companyId: d.companyId,
          requestedBy: d.clientId,
          status: answeredAt ? 'accepted' : 'requested',
          createdAt: enteredAt(d, 'expert_pending')!,
          respondedAt: answeredAt ?? null,
        };
      }),
    )
    .execute();
}

/**
 * The finished dossiers' workflows (over: no open step) with their audit step, entered when the audit began and
 * completed when it was proposed: late when it took longer than its SLA (business days counted as calendar days).
 */
async function completeAuditSteps(trx: Executor, dossiers: PlannedDossier[]) {
  const closing: DossierStatus[] = ['closed', 'refused', 'not_eligible', 'cancelled'];
  const finished = dossiers.filter((d) => closing.includes(d.stays[d.stays.length - 1]!.status));
  const audits = finished.flatMap((d) => {
    const from = enteredAt(d, 'audit_in_progress');
    const to = enteredAt(d, 'audit_proposed');
    return from && to ? [{ dossier_id: d.id, id: uuidv7(from.getTime()), from, to }] : [];
  });
  await sql`INSERT INTO dossier_workflows (dossier_id, template_id, current_step_id, created_at, updated_at)
    SELECT d.id, t.id, NULL, d.created_at, d.updated_at
    FROM dossiers d
    JOIN (SELECT DISTINCT ON (product_code) id, product_code FROM workflow_templates ORDER BY product_code, version DESC) t
      ON t.product_code = d.product_code
    WHERE d.id = ANY (${finished.map((d) => d.id)}::uuid[])`.execute(trx);
  if (audits.length === 0) return;
  // The audit step of the dossier's template: its key, place and SLA (30 days when the template sets none).
  await sql`INSERT INTO dossier_steps (id, dossier_id, step_key, position, dossier_status, acting_role, state,
      entered_at, completed_at, sla_ms, sla_unit, consumed_ms)
    SELECT a.id, a.dossier_id, s.step ->> 'key', s.n - 1, 'audit_in_progress', s.step ->> 'role', 'completed',
      a."from", a."to", coalesce(s.sla_ms, 30 * ${DAY}::bigint), coalesce(s.step -> 'sla' ->> 'unit', 'days'),
      (extract(epoch FROM a."to" - a."from") * 1000)::bigint
    FROM jsonb_to_recordset(${JSON.stringify(audits)}::jsonb)
      AS a(id uuid, dossier_id uuid, "from" timestamptz, "to" timestamptz)
    JOIN dossier_workflows w ON w.dossier_id = a.dossier_id
    JOIN workflow_templates t ON t.id = w.template_id
    CROSS JOIN LATERAL (
      SELECT e.step, e.n, (e.step -> 'sla' ->> 'amount')::bigint * CASE WHEN e.step -> 'sla' ->> 'unit' IN
        ('hours', 'business_hours') THEN 3600000 ELSE ${DAY}::bigint END AS sla_ms
      FROM jsonb_array_elements(t.steps) WITH ORDINALITY e(step, n)
      WHERE e.step ->> 'status' = 'audit_in_progress' ORDER BY e.n LIMIT 1) s`.execute(trx);
}
