import type { Insertable } from 'kysely';
import { type DossierStatus, findTransition, mainPath, statusesBetween } from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Database } from '../schema.ts';
import { productDefinitions } from './products.ts';
import type { Random } from './random.ts';

function pathTo(status: DossierStatus, random: Random): DossierStatus[] {
  const upTo = (s: DossierStatus) => statusesBetween('draft', s);
  switch (status) {
    case 'not_eligible':
      return [...upTo('pre_eligibility_review'), 'not_eligible'];
    case 'refused':
      return [...upTo('administration_decided'), 'refused'];
    case 'cancelled':
      return [
        ...upTo(random.pick(['draft', 'pre_eligibility_pending', 'eligible', 'documents_pending'] as const)),
        'cancelled',
      ];
    default:
      return upTo(status);
  }
}
const demoClientStatuses: DossierStatus[] = ['eligible', 'documents_pending', 'audit_proposed', 'closed'];
const allStatuses: DossierStatus[] = [...mainPath, 'not_eligible', 'refused', 'cancelled'];

/**
 * The companies' dossiers (`perCompany` each, the demo client's company one at each key moment) with the timeline
 * of the steps that led to their status; those with an expert are handled often by the first of `experts` (the demo
 * expert).
 */
export function demoDossiers(
  random: Random,
  now: Date,
  clientsByCompany: { companyId: string; userId: string }[],
  experts: string[],
  adminId: string,
  perCompany: number,
) {
  const productCodes = productDefinitions.map((p) => p.code);
  const dossiers: Insertable<Database['dossiers']>[] = [];
  const events: Insertable<Database['dossierEvents']>[] = [];
  let n = 0;
  for (const [index, { companyId, userId }] of clientsByCompany.entries()) {
    const count = index === 0 ? demoClientStatuses.length : perCompany;
    const products = random.sample(productCodes, count);
    for (const productCode of products) {
      // The demo client shows a dossier at each key moment; then a round-robin over the statuses, so every status
      // has dossiers whatever the scale.
      const status =
        index === 0
          ? (demoClientStatuses[products.indexOf(productCode)] as DossierStatus)
          : n < allStatuses.length * 2
            ? (allStatuses[n % allStatuses.length] as DossierStatus)
            : random.pick(allStatuses);
      n++;
      const steps = pathTo(status, random);
      const start = random.before(now, 240).getTime();
      const stepMs = Math.max(3_600_000, Math.floor((now.getTime() - start) / (steps.length + 1)));
      const id = uuidv7(start);
      const reached = (s: DossierStatus) => steps.includes(s);
      const expertId =
        reached('expert_pending') && status !== 'eligible'
          ? index === 0 || n % 5 === 0
            ? (experts[0] as string)
            : random.pick(experts)
          : null;
      const estimated = random.int(20, 900) * 10_000;
      const audited = reached('audit_proposed') ? Math.round(estimated * (0.8 + random.next() * 0.4)) : null;
      const granted =
        reached('administration_decided') && audited
          ? Math.round(audited * (0.7 + random.next() * 0.3))
          : null;
      const obtained = reached('refunded') ? granted : null;
      const changedAt = new Date(start + stepMs * (steps.length - 1));
      dossiers.push({
        id,
        companyId,
        productCode,
        status,
        expertId: status === 'eligible' ? null : expertId,
        estimatedCents: estimated,
        auditedCents: audited,
        grantedCents: granted,
        obtainedCents: obtained,
        administrationReference: reached('submitted') ? `ADM-${random.int(100000, 999999)}` : null,
        simulationId: null,
        createdBy: userId,
        statusChangedAt: changedAt,
        createdAt: new Date(start),
        updatedAt: changedAt,
      });
      steps.forEach((to, i) => {
        const at = start + stepMs * i;
        const from = i === 0 ? null : (steps[i - 1] as DossierStatus);
        const edge = from ? findTransition(from, to) : undefined;
        const byClient = !from || edge?.by.includes('client');
        const byExpert = edge?.by.includes('expert');
        events.push({
          id: uuidv7(at),
          dossierId: id,
          actorId: byClient ? userId : byExpert && expertId ? expertId : adminId,
          type: from ? 'status_changed' : 'created',
          fromStatus: from,
          toStatus: to,
          note: edge?.requires === 'reason' ? 'Motif renseigné lors de la démonstration' : null,
          createdAt: new Date(at),
        });
      });
    }
  }
  return { dossiers, events };
}
