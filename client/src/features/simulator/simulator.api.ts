import type { Answers, Simulation } from '../../../../common/products.ts';
import { api } from '../../lib/api.ts';

// The product catalogue and the simulation kept across sign-in are shared by several features: see `shared/`.

/** Runs a simulation on the answers; product names and texts come back in `lang`. */
export function runSimulation(answers: Answers, lang: string) {
  return api<Simulation>('/api/simulations', { method: 'POST', body: { answers }, query: { lang } });
}
