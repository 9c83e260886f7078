import type { Dossier } from '../../../common/dossiers.ts';
import type { Actor } from '../../platform/actor.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { canSee } from '../dossiers/dossiers.access.ts';
import { isClosed } from './retention.ts';

/** The people of a dossier, as its documents' rules see them. */
export type DossierPeople = { companyId: string; expertId: string | null; status: string };

export const peopleOf = (d: Dossier): DossierPeople => ({
  companyId: d.company.id,
  expertId: d.expert?.id ?? null,
  status: d.status,
});

/** Who reads a dossier's documents: whoever sees the dossier (a client of its company, its expert, an admin). */
export const mayRead = canSee;

/** Approving, rejecting and requesting documents, and reading who opened them: the dossier's expert or an admin. */
export const mayManage = (actor: Actor, dossier: DossierPeople): boolean =>
  actor.role === 'admin' || (actor.role === 'expert' && dossier.expertId === actor.id);

/** Someone else's dossier answers as if it did not exist: no hint that the id is real. */
export function requireReader<T extends DossierPeople>(
  actor: Actor,
  dossier: T | undefined,
  what = 'Document',
): asserts dossier is T {
  if (!dossier || !mayRead(actor, dossier)) throw notFound(what);
}

/** A reader who may not manage is told so (403); anyone else learns nothing (404). */
export function requireManager<T extends DossierPeople>(
  actor: Actor,
  dossier: T | undefined,
  message: string,
): asserts dossier is T {
  requireReader(actor, dossier);
  if (!mayManage(actor, dossier)) throw forbidden(message);
}

/** What the caller may do with a dossier's documents (the panel's `can`). */
export function permissionsOn(actor: Actor, dossier: DossierPeople) {
  const open = !isClosed(dossier.status);
  const manage = mayManage(actor, dossier);
  return { upload: open, review: manage, request: manage && open, readAccessLog: manage };
}
