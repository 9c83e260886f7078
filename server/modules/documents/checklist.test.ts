import { describe, expect, it } from 'vitest';
import { buildChecklist } from './checklist.ts';

const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const doc = (n: number, category: string, status: 'pending' | 'approved' | 'rejected') => ({
  id: id(n),
  category,
  status,
});
const request = (n: number, category: string, status: 'open' | 'fulfilled' | 'cancelled' = 'open') => ({
  id: id(n),
  category,
  status,
});

const stateOf = (...args: Parameters<typeof buildChecklist>) => buildChecklist(...args).map((l) => l.state);

describe('buildChecklist', () => {
  it('lists every category of the product as required and missing when nothing is there', () => {
    expect(buildChecklist(['kbis', 'fuel_invoices'], [], [])).toEqual([
      { category: 'kbis', required: true, state: 'missing', documentIds: [], openRequestId: null },
      { category: 'fuel_invoices', required: true, state: 'missing', documentIds: [], openRequestId: null },
    ]);
  });

  it('marks a category with an open request and no document as requested', () => {
    expect(buildChecklist(['kbis'], [], [request(1, 'kbis')])[0]).toMatchObject({
      state: 'requested',
      openRequestId: id(1),
    });
  });

  it('prefers a rejected document to an open request', () => {
    expect(stateOf(['kbis'], [doc(1, 'kbis', 'rejected')], [request(2, 'kbis')])).toEqual(['rejected']);
  });

  it('prefers a pending document to a rejected one', () => {
    expect(stateOf(['kbis'], [doc(1, 'kbis', 'rejected'), doc(2, 'kbis', 'pending')], [])).toEqual([
      'pending',
    ]);
  });

  it('calls a category approved as soon as one of its documents is approved', () => {
    const documents = [doc(1, 'kbis', 'pending'), doc(2, 'kbis', 'approved'), doc(3, 'kbis', 'rejected')];
    expect(stateOf(['kbis'], documents, [request(4, 'kbis')])).toEqual(['approved']);
  });

  it('lists the documents of each category on its line', () => {
    const documents = [doc(1, 'kbis', 'pending'), doc(2, 'dsn', 'pending'), doc(3, 'kbis', 'approved')];
    expect(buildChecklist(['kbis', 'dsn'], documents, []).map((l) => l.documentIds)).toEqual([
      [id(1), id(3)],
      [id(2)],
    ]);
  });

  it('adds categories present only through documents or open requests, not required, in catalogue order', () => {
    const lines = buildChecklist(['kbis'], [doc(1, 'other', 'pending')], [request(2, 'payslips')]);
    expect(lines.map((l) => [l.category, l.required, l.state])).toEqual([
      ['kbis', true, 'missing'],
      ['payslips', false, 'requested'],
      ['other', false, 'pending'],
    ]);
  });

  it('ignores closed requests', () => {
    const requests = [request(1, 'kbis', 'cancelled'), request(2, 'dsn', 'fulfilled')];
    expect(buildChecklist(['kbis'], [], requests)).toEqual([
      { category: 'kbis', required: true, state: 'missing', documentIds: [], openRequestId: null },
    ]);
  });

  it('skips product categories unknown to the catalogue and repeated ones', () => {
    expect(buildChecklist(['kbis', 'Cartes grises', 'kbis'], [], []).map((l) => l.category)).toEqual([
      'kbis',
    ]);
  });
});
