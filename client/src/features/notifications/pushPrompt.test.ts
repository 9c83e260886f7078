import { describe, expect, it } from 'vitest';
import { countVisit, mayOffer, readMemory, rememberAnswer, showsInterest } from './pushPrompt.ts';

/** The browser's Web Storage, in memory (the tests run outside a browser). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** A browser (its local storage) visited `visits` times, each visit a new tab session. */
function browserAfter(visits: number) {
  const local = new MemoryStorage();
  for (let i = 0; i < visits; i++) countVisit(local, new MemoryStorage());
  return local;
}

describe('the push prompt', () => {
  it('never shows on the first visit', () => {
    expect(mayOffer(readMemory(browserAfter(1)))).toBe(false);
  });

  it('may show from the second visit on', () => {
    expect(mayOffer(readMemory(browserAfter(2)))).toBe(true);
  });

  it('counts a visit once however often the app asks within it', () => {
    const local = new MemoryStorage();
    const session = new MemoryStorage();
    countVisit(local, session);
    countVisit(local, session);
    expect(readMemory(local).visits).toBe(1);
  });

  it('never comes back once answered', () => {
    const local = browserAfter(3);
    rememberAnswer(local);
    countVisit(local, new MemoryStorage());
    expect(mayOffer(readMemory(local))).toBe(false);
  });

  it('starts afresh from a memory it cannot read', () => {
    const local = new MemoryStorage();
    local.setItem('ft.push-prompt', '{not json');
    expect(readMemory(local)).toEqual({ visits: 0, answered: false });
  });

  it('takes going to a dossier or a conversation as a meaningful action, not to a list', () => {
    expect(showsInterest('/dossiers/0b6f6c1e-5a55-4d8e-9d5c-3f2b7a1c9e10', '/espace')).toBe(true);
    expect(showsInterest('/messages/0b6f6c1e-5a55-4d8e-9d5c-3f2b7a1c9e10', '/espace')).toBe(true);
    expect(showsInterest('/messages', '/espace')).toBe(false);
    expect(showsInterest('/espace', '/connexion')).toBe(false);
  });

  it('does not take the page a visit starts on as an action, even a dossier', () => {
    const dossier = '/dossiers/0b6f6c1e-5a55-4d8e-9d5c-3f2b7a1c9e10';
    expect(showsInterest(dossier, dossier)).toBe(false);
  });
});
