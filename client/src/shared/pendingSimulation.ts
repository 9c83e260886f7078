import type { Dossier } from '../../../common/dossiers.ts';
import { api } from '../lib/api.ts';

/** A visitor's simulation, kept while the visitor signs up or logs in, then turned into dossiers. */
type PendingSimulation = { simulationId: string; productCodes: string[] };
const key = 'ft.pendingSimulation';

export function keepSimulation(pending: PendingSimulation) {
  sessionStorage.setItem(key, JSON.stringify(pending));
}

export function hasPendingSimulation(): boolean {
  // None when the page is prerendered at build (no browser storage there).
  return typeof sessionStorage !== 'undefined' && sessionStorage.getItem(key) !== null;
}

export function openSimulationDossiers(pending: PendingSimulation) {
  return api<{ items: Dossier[] }>(`/api/simulations/${pending.simulationId}/dossiers`, {
    method: 'POST',
    body: { productCodes: pending.productCodes },
  });
}

/** Opens the kept simulation's dossiers for a client who just signed in; true when some were opened. */
export async function openPendingSimulation(): Promise<boolean> {
  const raw = sessionStorage.getItem(key);
  if (!raw) return false;
  sessionStorage.removeItem(key);
  try {
    const pending = JSON.parse(raw) as PendingSimulation;
    const { items } = await openSimulationDossiers(pending);
    return items.length > 0;
  } catch {
    return false;
  }
}
