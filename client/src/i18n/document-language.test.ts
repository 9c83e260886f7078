// @vitest-environment happy-dom

import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The app's texts module, loaded afresh, and what it did to the root element's attributes meanwhile. */
async function loadTextsWatchingRoot(): Promise<string[]> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((delivered) => records.push(...delivered));
  observer.observe(document.documentElement, { attributes: true });
  await import('./index.ts');
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records.map((record) => `${record.attributeName}=${document.documentElement.lang}`);
}

describe('the document language at start-up', () => {
  beforeEach(() => {
    vi.resetModules();
    localStorage.clear();
    document.documentElement.lang = 'fr';
  });

  it('leaves the root element alone when the page already says the language', async () => {
    expect(await loadTextsWatchingRoot()).toEqual([]);
  });

  it('sets the language the visitor chose when the page says another', async () => {
    localStorage.setItem('ft.locale', 'en');
    expect(await loadTextsWatchingRoot()).toEqual(['lang=en']);
  });
});
