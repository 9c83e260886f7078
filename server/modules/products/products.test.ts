import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../common/products.ts';
import { registerClient, type Session, transition } from '../../../tests/support/factories.ts';
import { startedApp } from '../../../tests/support/test-app.ts';
import { productDefinitions } from '../../db/seed/products.ts';
import { haulier } from './products.factories.ts';
import { simulate } from './simulator.ts';

describe('simulate (rules as seeded from docs/domain.md)', () => {
  it('computes TICPE from litres × 0,157 €/L over 3 years, with the reasons', () => {
    const [ticpe] = simulate(
      productDefinitions,
      { sector: 'transport_routier', heavyVehicles: 12, dieselLitres: 180_000 },
      'fr',
    );
    expect(ticpe).toMatchObject({ productCode: 'TICPE', estimatedCents: 8_478_000 });
    expect(ticpe!.reasons).toEqual([
      '12 poids lourds ≥ 7,5 t',
      '180\u202f000 L de gazole par an',
      'Remboursement de 0,157 €/L sur 3 ans',
    ]);
  });

  it('lists only eligible products, largest estimate first, in the requested language', () => {
    const results = simulate(productDefinitions, haulier, 'en');
    expect(results.map((r) => [r.productCode, r.estimatedCents])).toEqual([
      ['TICPE', 8_478_000],
      ['URSSAF', 4_050_000],
      ['DFS', 2_700_000],
    ]);
    expect(results[1]!.reasons[0]).toBe('25 employees');
  });

  it('finds nothing for a company with no matching answers', () => {
    expect(simulate(productDefinitions, { sector: 'commerce' }, 'fr')).toEqual([]);
    expect(
      simulate(productDefinitions, { sector: 'commerce', heavyVehicles: 3, dieselLitres: 10_000 }, 'fr'),
    ).toEqual([]);
  });

  it('covers property tax, energy, CEE and MSA', () => {
    const results = simulate(
      productDefinitions,
      {
        sector: 'agriculture',
        ownsPremises: true,
        propertyTax: 12_000,
        energySpend: 40_000,
        energyWorksAmount: 50_000,
        msaContributions: 30_000,
      },
      'fr',
    );
    expect(Object.fromEntries(results.map((r) => [r.productCode, r.estimatedCents]))).toEqual({
      FONCIER: 480_000,
      ENERGIE: 600_000,
      CEE: 750_000,
      MSA: 450_000,
    });
  });
});

describe('evaluate', () => {
  it('divides by zero as 0', () => {
    expect(evaluate({ op: 'div', args: [10, 0] }, {})).toBe(0);
  });

  it('reads an unknown variable as empty', () => {
    expect(evaluate({ op: 'gt', args: [{ var: 'missing' }, 0] }, {})).toBe(false);
  });

  it('picks the branch of a condition', () => {
    expect(evaluate({ op: 'if', args: [true, 1, 2] }, {})).toBe(1);
  });
});

describe('over HTTP', () => {
  const t = startedApp();

  const simulation = async () => {
    const sim = await t.request('POST', '/api/simulations', { body: { answers: haulier } });
    expect(sim.status).toBe(201);
    return sim.body as { id: string; totalEstimatedCents: number };
  };
  const claim = (client: Session, simulationId: string, productCodes: string[]) =>
    t.request('POST', `/api/simulations/${simulationId}/dossiers`, {
      token: client.token,
      body: { productCodes },
    });

  describe('GET /api/products', () => {
    it('lists the seeded products in their order', async () => {
      const res = await t.request('GET', '/api/products');
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { code: string }) => p.code)).toEqual([
        'TICPE',
        'URSSAF',
        'DFS',
        'FONCIER',
        'MSA',
        'CEE',
        'ENERGIE',
      ]);
    });

    it('gives each product its questions', async () => {
      const res = await t.request('GET', '/api/products');
      expect(res.body.items[0].questions.map((q: { id: string }) => q.id)).toEqual([
        'sector',
        'heavyVehicles',
        'dieselLitres',
      ]);
    });

    it('keeps the internal rules to itself', async () => {
      const res = await t.request('GET', '/api/products');
      expect(res.body.items[0]).not.toHaveProperty('rules');
    });
  });

  describe('POST /api/simulations', () => {
    it('lets an anonymous visitor simulate', async () => {
      const sim = await simulation();
      expect(sim.totalEstimatedCents).toBe(8_478_000 + 4_050_000 + 2_700_000);
    });

    it('refuses malformed answers', async () => {
      for (const answers of [
        { dieselLitres: -5 },
        { dieselLitres: 'x'.repeat(500) },
        { 'bad key': 1 },
        [1, 2],
      ]) {
        const res = await t.request('POST', '/api/simulations', { body: { answers } });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
      }
    });
  });

  describe('POST /api/simulations/:id/dossiers', () => {
    it('turns the chosen results into draft dossiers of the client who registered afterwards', async () => {
      const sim = await simulation();
      const client = await registerClient(t);
      const created = await claim(client, sim.id, ['TICPE', 'URSSAF']);
      expect(created.status).toBe(201);
      expect(
        created.body.items.map((d: { product: { code: string }; status: string; estimatedCents: number }) => [
          d.product.code,
          d.status,
          d.estimatedCents,
        ]),
      ).toEqual([
        ['TICPE', 'draft', 8_478_000],
        ['URSSAF', 'draft', 4_050_000],
      ]);
      const list = await t.request('GET', '/api/dossiers', { token: client.token });
      expect(list.body.items).toHaveLength(2);
    });

    it('creates dossiers that go through the lifecycle like any other', async () => {
      const sim = await simulation();
      const client = await registerClient(t);
      const created = await claim(client, sim.id, ['TICPE', 'URSSAF']);
      const first = created.body.items[0];
      expect((await transition(t, client, first.id, { to: 'pre_eligibility_pending' })).status).toBe(200);
    });

    it('refuses a product the simulation did not find eligible', async () => {
      const sim = await simulation();
      const owner = await registerClient(t);
      const notEligible = await claim(owner, sim.id, ['FONCIER']);
      expect(notEligible.status).toBe(422);
      expect(notEligible.body.error.code).toBe('SIMULATION_PRODUCT_NOT_ELIGIBLE');
    });

    it('keeps a claimed simulation to its owner', async () => {
      const sim = await simulation();
      const owner = await registerClient(t);
      const other = await registerClient(t);
      expect((await claim(owner, sim.id, ['DFS'])).status).toBe(201);
      const stolen = await claim(other, sim.id, ['TICPE']);
      expect(stolen.status).toBe(404);
    });

    it('creates nothing when one of the chosen products fails (one transaction)', async () => {
      const client = await registerClient(t);
      await t.request('POST', '/api/dossiers', { token: client.token, body: { productCode: 'URSSAF' } });
      const sim = await simulation();
      const res = await claim(client, sim.id, ['TICPE', 'URSSAF']);
      expect(res.status).toBe(409);
      const list = await t.request('GET', '/api/dossiers', { token: client.token });
      expect(list.body.items.map((d: { product: { code: string } }) => d.product.code)).toEqual(['URSSAF']);
    });
  });
});
