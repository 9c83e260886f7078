import { closingStatuses, type DossierStatus } from '../../../common/dossier-lifecycle.ts';

/** What retention needs of a dossier: whether it is closed, and since when (`dossiers.status_changed_at`). */
export type DossierClosure = { status: string; statusChangedAt: Date };

export const isClosed = (status: string): boolean => closingStatuses.includes(status as DossierStatus);

/** `years` calendar years after `from`. */
export function yearsAfter(from: Date, years: number): Date {
  const until = new Date(from);
  until.setUTCFullYear(until.getUTCFullYear() + years);
  return until;
}

/** Until when a closed dossier's documents are kept; null while the dossier is open. */
export function retainedUntil(dossier: DossierClosure, years: number): Date | null {
  return isClosed(dossier.status) ? yearsAfter(dossier.statusChangedAt, years) : null;
}

/** The documents of a dossier closed at or before this moment are past their retention period at `now`. */
export function closedBefore(now: Date, years: number): Date {
  return yearsAfter(now, -years);
}

/** A closed dossier's document still within its legal retention period at `now`. */
export function isRetained(dossier: DossierClosure, years: number, now: Date): boolean {
  const until = retainedUntil(dossier, years);
  return until !== null && now < until;
}
