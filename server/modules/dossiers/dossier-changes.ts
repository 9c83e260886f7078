import type { DossierStatus } from '../../../common/dossiers.ts';
import type { Executor } from '../../db/pool.ts';
import type { DomainEvents } from '../../platform/events.ts';
import type { LockedDossier } from './dossiers.repo.ts';

/** A committed-together change of a dossier, as its domain event will carry it. */
export type DossierChange =
  | { kind: 'created'; event: DomainEvents['dossier.created'] & { simulationId: string | null } }
  | { kind: 'status_changed'; event: DomainEvents['dossier.status_changed'] }
  | { kind: 'expert_assigned'; event: DomainEvents['dossier.expert_assigned'] };
export type DossierChangeHook = (trx: Executor, change: DossierChange) => Promise<void>;

/** Another module's record of a status change, written in its transaction after the change. */
export type TransitionWithin = (
  trx: Executor,
  dossier: { companyId: string; productCode: string; from: DossierStatus },
) => Promise<void>;

/** How a flow calls `transitionWithin`: see `DossiersService.transition`. */
export type TransitionOptions = {
  within?: TransitionWithin;
  via?: 'expertRequest';
  expert?: { id: string } | null;
  /** The dossier's row as the caller's transaction already locked it. */
  locked?: LockedDossier;
};
