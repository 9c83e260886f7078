import { describe, expect, it } from 'vitest';
import { MAX_SIMULATION_ANSWERS } from '../../../common/products.ts';
import { startedApp } from '../../../tests/support/test-app.ts';

const haulier = { sector: 'transport_routier', heavyVehicles: 12, dieselLitres: 180_000 };

describe('simulation answers are checked against the catalogue', () => {
  const t = startedApp();

  const simulate = (answers: unknown) => t.request('POST', '/api/simulations', { body: { answers } });

  it('accepts answers to the questions the products ask', async () => {
    expect((await simulate(haulier)).status).toBe(201);
  });

  it('refuses an answer to a question no product asks, naming it', async () => {
    const res = await simulate({ ...haulier, favouriteColour: 'blue' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('SIMULATION_ANSWER_UNKNOWN');
    expect(res.body.error.details).toEqual({ key: 'favouriteColour' });
    expect(res.body.error.message).toContain('favouriteColour');
  });

  it('refuses an answer of the wrong type', async () => {
    const res = await simulate({ ...haulier, heavyVehicles: 'douze' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'SIMULATION_ANSWER_INVALID',
      details: { key: 'heavyVehicles' },
    });
  });

  it('refuses a number beyond the bounds of its question', async () => {
    // heavyVehicles: at most 100,000 (the seeded question).
    const res = await simulate({ ...haulier, heavyVehicles: 5_000_000 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'SIMULATION_ANSWER_INVALID',
      details: { key: 'heavyVehicles' },
    });
  });

  it('refuses a choice that is not one of the options', async () => {
    const res = await simulate({ ...haulier, sector: 'piraterie' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'SIMULATION_ANSWER_INVALID', details: { key: 'sector' } });
  });

  it('refuses more answers than any simulation needs', async () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_SIMULATION_ANSWERS + 1 }, (_, i) => [`q${i}`, 1]),
    );
    const res = await simulate(many);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('refuses a body far larger than answers can be', async () => {
    const res = await t.request('POST', '/api/simulations', {
      body: { answers: haulier, padding: 'x'.repeat(20_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stores nothing for refused answers', async () => {
    const before = await t.db
      .selectFrom('simulations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    await simulate({ ...haulier, favouriteColour: 'blue' });
    const after = await t.db
      .selectFrom('simulations')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });
});

describe('simulation rate limit', () => {
  const t = startedApp({ simulationRateLimitPerMinute: 3 });

  it('answers 429 past the configured simulations per minute from one address', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.request('POST', '/api/simulations', { body: { answers: haulier } })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});
