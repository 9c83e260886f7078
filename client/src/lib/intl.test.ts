import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat, relativeTimeFormat } from './intl.ts';

describe('Intl formatters', () => {
  it('are built once per locale and options', () => {
    expect(numberFormat('fr-FR', { maximumFractionDigits: 1 })).toBe(
      numberFormat('fr-FR', { maximumFractionDigits: 1 }),
    );
  });

  it('are told apart by locale and by options', () => {
    const base = numberFormat('fr-FR', { maximumFractionDigits: 1 });
    expect(numberFormat('en-GB', { maximumFractionDigits: 1 })).not.toBe(base);
    expect(numberFormat('fr-FR', { maximumFractionDigits: 2 })).not.toBe(base);
  });

  it('format as a new formatter would', () => {
    expect(numberFormat('fr-FR', { maximumFractionDigits: 1 }).format(4.25)).toBe(
      new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(4.25),
    );
    expect(dateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(0))).toBe(
      '1 janv. 1970',
    );
    expect(relativeTimeFormat('en-GB', { numeric: 'auto' }).format(-1, 'day')).toBe('yesterday');
  });
});
