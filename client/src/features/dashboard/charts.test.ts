import { describe, expect, it } from 'vitest';
import { bucketRange, bucketTick } from './buckets.ts';
import { waterfallSteps } from './FeeWaterfall.tsx';
import { stageRates } from './FunnelChart.tsx';
import { durationParts } from './format.ts';
import { arcEnd } from './Gauge.tsx';
import { dossiersLink, openedIn, usersLink } from './links.ts';
import { colourStep, regionTiles } from './RegionTileMap.tsx';

describe('buckets', () => {
  const period = { from: '2026-11-04', to: '2026-11-30' };

  it('clips a week or a month to the period', () => {
    expect(bucketRange('2026-11-02', 'week', period)).toEqual({ from: '2026-11-04', to: '2026-11-08' });
    expect(bucketRange('2026-11-23', 'week', period)).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(bucketRange('2026-11-01', 'month', period)).toEqual(period);
    expect(bucketRange('2026-11-10', 'day', period)).toEqual({ from: '2026-11-10', to: '2026-11-10' });
  });

  it('names a bucket on the axis in French or English', () => {
    expect(bucketTick('2026-12-03', 'day', 'fr-FR')).toBe('3 déc.');
    expect(bucketTick('2026-12-01', 'month', 'fr-FR')).toBe('déc. 2026');
    expect(bucketTick('2026-12-03', 'week', 'en-GB')).toBe('3 Dec');
  });
});

describe('click-through links', () => {
  it('opens the dossiers list with the contract’s parameters', () => {
    expect(dossiersLink({ product: 'TICPE', ...openedIn({ from: '2026-11-01', to: '2026-11-30' }) })).toBe(
      '/admin/dossiers?product=TICPE&openedFrom=2026-11-01&openedTo=2026-11-30',
    );
    expect(dossiersLink({ status: ['eligible', 'expert_pending'], unassigned: true })).toBe(
      '/admin/dossiers?status=eligible&status=expert_pending&unassigned=1',
    );
    expect(dossiersLink({})).toBe('/admin/dossiers');
  });

  it('opens the users list with the contract’s parameters', () => {
    expect(usersLink({ role: 'client', createdFrom: '2026-11-01', createdTo: '2026-11-30' })).toBe(
      '/admin/utilisateurs?role=client&createdFrom=2026-11-01&createdTo=2026-11-30',
    );
  });
});

describe('figures drawn', () => {
  it('writes durations in the unit that reads best', () => {
    expect(durationParts(0.75)).toEqual({ unit: 'minutes', value: 45 });
    expect(durationParts(12.34)).toEqual({ unit: 'hours', value: 12.3 });
    expect(durationParts(84)).toEqual({ unit: 'days', value: 3.5 });
  });

  it('gives each funnel stage its share of the one before', () => {
    expect(stageRates([{ value: 200 }, { value: 50 }, { value: 0 }, { value: 0 }])).toEqual([
      null,
      0.25,
      0,
      null,
    ]);
  });

  it('splits the amount obtained into the client’s share, the platform’s and the expert’s', () => {
    const figure = (value: number) => ({ value, previous: 0 });
    const fees = {
      obtainedCents: figure(100_000),
      expertFeesCents: figure(30_000),
      platformFeesCents: figure(9_000),
      expertNetCents: figure(21_000),
      vatCents: figure(6_000),
    };
    const labels = { obtained: 'o', clientShare: 'c', expertFees: 'e', platformFees: 'p', expertNet: 'n' };
    expect(waterfallSteps(fees, labels).map(({ key, from, to }) => [key, from, to])).toEqual([
      ['obtained', 0, 100_000],
      ['clientShare', 30_000, 100_000],
      ['expertFees', 0, 30_000],
      ['platformFees', 21_000, 30_000],
      ['expertNet', 0, 21_000],
    ]);
  });

  it('colours a region by its value against the largest, empty ones lightest', () => {
    expect([0, 1, 25, 50, 75, 100].map((v) => colourStep(v, 100))).toEqual([0, 1, 1, 2, 3, 4]);
    expect(colourStep(5, 0)).toBe(0);
  });

  it('places every region on its own tile', () => {
    const places = Object.values(regionTiles).map(({ col, row }) => `${col},${row}`);
    expect(new Set(places).size).toBe(places.length);
  });

  it('fills a gauge from left to right over the half circle', () => {
    expect(arcEnd(0).x).toBeCloseTo(10);
    expect(arcEnd(0).y).toBeCloseTo(50);
    expect(arcEnd(0.5).y).toBeCloseTo(10);
    expect(arcEnd(0.5).x).toBeCloseTo(50);
    expect(arcEnd(2).x).toBeCloseTo(90);
  });
});
