import type { Actor } from '../../platform/actor.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Visibility } from './dossiers.repo.ts';

/** Which dossiers a user may see: an admin all, an expert those assigned to them, a client their company's. */
export function visibilityOf(user: Actor): Visibility {
  if (user.role === 'admin') return 'all';
  if (user.role === 'expert') return { expertId: user.id };
  if (!user.companyId) throw forbidden();
  return { companyId: user.companyId };
}

export function canSee(user: Actor, dossier: { companyId: string; expertId: string | null }): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'expert') return dossier.expertId === user.id;
  return dossier.companyId === user.companyId;
}
