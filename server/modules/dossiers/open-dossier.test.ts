import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { closingStatuses } from '../../../common/dossiers.ts';
import { createDossier, registerClient, transition } from '../../../tests/support/factories.ts';
import { startedApp, type TestResponse } from '../../../tests/support/test-app.ts';
import { haulier } from '../products/products.factories.ts';

describe('one open dossier per company and product', () => {
  const t = startedApp();

  const openDossiers = async (token: string) =>
    (await t.request('GET', '/api/dossiers', { token })).body.items.map(
      (d: { product: { code: string } }) => d.product.code,
    );
  /** One of five concurrent creates succeeded, the others answered 409 DOSSIER_ALREADY_OPEN: one TICPE dossier is open. */
  const expectOneOpened = async (results: TestResponse[], token: string) => {
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.body.error.code).toBe('DOSSIER_ALREADY_OPEN');
    }
    expect(await openDossiers(token)).toEqual(['TICPE']);
  };

  describe('POST /api/dossiers', () => {
    it('lets exactly one of five concurrent creates of one product succeed, the others answer 409 DOSSIER_ALREADY_OPEN', async () => {
      const client = await registerClient(t);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.request('POST', '/api/dossiers', { token: client.token, body: { productCode: 'TICPE' } }),
        ),
      );
      await expectOneOpened(results, client.token);
    });

    it('answers 409 DOSSIER_ALREADY_OPEN for a product already under way', async () => {
      const client = await registerClient(t);
      await createDossier(t, client, 'URSSAF');
      const again = await t.request('POST', '/api/dossiers', {
        token: client.token,
        body: { productCode: 'URSSAF' },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('DOSSIER_ALREADY_OPEN');
    });

    it('opens a product again once its dossier is closed', async () => {
      const client = await registerClient(t);
      const first = await createDossier(t, client, 'DFS');
      const cancel = await transition(t, client, first.id, { to: 'cancelled', reason: 'Erreur de saisie' });
      expect(cancel.status).toBe(200);
      await createDossier(t, client, 'DFS');
    });
  });

  describe('POST /api/simulations/:id/dossiers', () => {
    it('lets one of concurrent creates from simulations and the dossier route succeed', async () => {
      const client = await registerClient(t);
      const simulations = await Promise.all(
        [1, 2, 3].map(() => t.request('POST', '/api/simulations', { body: { answers: haulier } })),
      );
      const results = await Promise.all([
        ...simulations.map((s) =>
          t.request('POST', `/api/simulations/${s.body.id}/dossiers`, {
            token: client.token,
            body: { productCodes: ['TICPE'] },
          }),
        ),
        t.request('POST', '/api/dossiers', { token: client.token, body: { productCode: 'TICPE' } }),
        t.request('POST', '/api/dossiers', { token: client.token, body: { productCode: 'TICPE' } }),
      ]);
      await expectOneOpened(results, client.token);
    });
  });

  it('keeps the index predicate to the closing statuses of common/dossiers.ts', async () => {
    const { rows } = await sql<{ def: string }>`SELECT pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'dossiers_open_product_key'`.execute(
      t.db,
    );
    const listed = [...(rows[0]?.def ?? '').matchAll(/'(\w+)'::text/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...closingStatuses].sort());
  });
});
