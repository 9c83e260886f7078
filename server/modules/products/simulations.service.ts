import type { Answers, Simulation, SimulationResult } from '../../../common/products.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { checkAnswers } from './answers.ts';
import { simulationsRepo } from './products.repo.ts';
import type { ProductsService } from './products.service.ts';
import { simulate } from './simulator.ts';

export type SimulationsDeps = Pick<Platform, 'db' | 'clock'> & {
  products: ProductsService;
  dossiers: DossiersService;
};

export class SimulationsService extends Service<SimulationsDeps> {
  async run(user: AuthUser | null, answers: Answers, locale: 'fr' | 'en'): Promise<Simulation> {
    const { db, clock, products } = this.deps;
    const catalogue = await products.listActive();
    checkAnswers(catalogue, answers);
    const results = simulate(catalogue, answers, locale);
    const at = clock.now();
    const id = crypto.randomUUID();
    const totalEstimatedCents = results.reduce((s, r) => s + r.estimatedCents, 0);
    await simulationsRepo.insert(db, {
      id,
      userId: user?.id ?? null,
      answers: JSON.stringify(answers),
      results: JSON.stringify(results),
      totalEstimatedCents,
      createdAt: at,
    });
    return {
      id,
      answers: answers as Simulation['answers'],
      results,
      totalEstimatedCents,
      createdAt: at.toISOString(),
    };
  }

  /** Turns chosen results of a simulation into draft dossiers; an anonymous simulation becomes the client's. */
  async createDossiers(user: AuthUser, simulationId: string, productCodes: string[]): Promise<string[]> {
    const { db, dossiers } = this.deps;
    if (user.role !== 'client' || !user.companyId) throw forbidden('Seul un client peut ouvrir un dossier');
    const companyId = user.companyId;
    const created = await db.transaction().execute(async (trx) => {
      const simulation = await simulationsRepo.lockForUpdate(trx, simulationId);
      if (!simulation || (simulation.userId && simulation.userId !== user.id)) throw notFound('Simulation');
      if (!simulation.userId) await simulationsRepo.claim(trx, simulationId, user.id);
      const results = simulation.results as SimulationResult[];
      const chosen = [...new Set(productCodes)].map((code) => {
        const result = results.find((r) => r.productCode === code);
        if (!result) {
          throw unprocessable(
            'SIMULATION_PRODUCT_NOT_ELIGIBLE',
            `Le produit ${code} n’est pas éligible dans cette simulation`,
          );
        }
        return result;
      });
      return dossiers.createMany(
        trx,
        user,
        chosen.map((r) => ({
          companyId,
          productCode: r.productCode,
          estimatedCents: r.estimatedCents,
          simulationId,
        })),
      );
    });
    dossiers.announceCreated(created);
    return created.map((c) => c.dossierId);
  }
}
