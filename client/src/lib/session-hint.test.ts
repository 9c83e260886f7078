import { describe, expect, it } from 'vitest';
import { hasSessionHint } from './api.ts';

describe('the session hint', () => {
  it('is found among the page’s cookies', () => {
    expect(hasSessionHint('ft.theme=dark; ft_session=1')).toBe(true);
    expect(hasSessionHint('ft_session=1')).toBe(true);
  });

  it('is absent for an anonymous visitor, whose page then asks for no session', () => {
    expect(hasSessionHint('')).toBe(false);
    expect(hasSessionHint('ft_sessionless=1; other=ft_session=1')).toBe(false);
  });
});
