import { describe, expect, it } from 'vitest';
import { exportRequest, isComplete, readSelection, selectionParams } from './selection.ts';

const today = '2026-12-01';
const expertId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const read = (query: string, role: 'admin' | 'expert' | 'client' = 'admin') =>
  readSelection(new URLSearchParams(query), role, today);

describe('the report in the URL', () => {
  it('shows each role its first report by default, over the last 30 days', () => {
    expect(read('').type).toBe('platform');
    expect(read('', 'expert').type).toBe('expert');
    expect(read('', 'client')).toEqual({
      type: 'client',
      range: { preset: '30d', from: '2026-11-02', to: today },
    });
  });

  it('falls back to the role’s first report when it asks for one the role does not have', () => {
    expect(read('type=financial', 'expert').type).toBe('expert');
    expect(read('type=platform', 'client').type).toBe('client');
  });

  it('reads the scope, leaving out what is wrong', () => {
    expect(read(`type=expert&product=TICPE&region=bretagne&expert=${expertId}`)).toMatchObject({
      productCode: 'TICPE',
      region: 'bretagne',
      expertId,
    });
    const wrong = read('region=atlantide&expert=me');
    expect(wrong.region).toBeUndefined();
    expect(wrong.expertId).toBeUndefined();
  });

  it('keeps an expert only for an admin’s expert report', () => {
    expect(read(`type=platform&expert=${expertId}`).expertId).toBeUndefined();
    expect(read(`type=expert&expert=${expertId}`, 'expert').expertId).toBeUndefined();
  });

  it('writes a selection into the URL and reads it back the same', () => {
    const selection = read(
      `type=expert&period=custom&from=2026-01-01&to=2026-03-31&region=corse&expert=${expertId}`,
    );
    expect(selectionParams(selection)).toEqual({
      type: 'expert',
      period: 'custom',
      from: '2026-01-01',
      to: '2026-03-31',
      region: 'corse',
      expert: expertId,
    });
    expect(readSelection(new URLSearchParams(selectionParams(selection)), 'admin', today)).toEqual(selection);
  });

  it('waits for an admin to choose the expert of an expert report', () => {
    expect(isComplete(read('type=expert'), 'admin')).toBe(false);
    expect(isComplete(read(`type=expert&expert=${expertId}`), 'admin')).toBe(true);
    expect(isComplete(read('type=expert', 'expert'), 'expert')).toBe(true);
  });

  it('asks for the file of the report on screen', () => {
    expect(exportRequest(read('type=pipeline&period=7d&product=TICPE'), 'xlsx', 'en')).toEqual({
      kind: 'report',
      type: 'pipeline',
      params: { from: '2026-11-25', to: today, productCode: 'TICPE' },
      format: 'xlsx',
      locale: 'en',
    });
  });
});
