/** French full-text search over the user’s conversations. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { registerClient } from '../../../tests/support/factories.ts';
import type { TestResponse } from '../../../tests/support/test-app.ts';
import { messageSearchRepo } from './message-search.repo.ts';
import { emitSend, messagingTestApp } from './messaging.factories.ts';

const { t, open, cast, conversation } = messagingTestApp();

describe('search', () => {
  it('finds French words whatever their accents or endings, in the user’s conversations only, with snippets', async () => {
    const { c, client, expert } = await conversation();
    await emitSend(client, c.conversationId, 'La trésorerie attend le remboursement de la TICPE.');
    await emitSend(expert, c.conversationId, 'Les factures réglées sont validées, merci.');
    await emitSend(expert, c.conversationId, 'Rien à voir ici.');
    // Someone else's conversation with the same words.
    const other = await cast();
    const otherSocket = await open(other.client.token);
    await emitSend(otherSocket, other.conversationId, 'Notre trésorerie est tendue.');

    const q = async (query: string, token = c.client.token) =>
      (await t.request('GET', `/api/messages/search?${query}`, { token })).body;

    const unaccented = await q('q=tresorerie');
    expect(unaccented.items).toHaveLength(1);
    expect(unaccented.items[0].snippet).toContain('[[trésorerie]]');
    expect(unaccented.items[0].conversation).toEqual({ id: c.conversationId, kind: 'dossier' });
    const inflected = await q('q=facture%20valide');
    expect(inflected.items.map((i: { message: { body: string } }) => i.message.body)).toEqual([
      'Les factures réglées sont validées, merci.',
    ]);
    expect((await q(`q=tresorerie&senderId=${c.expert.user.id}`)).items).toEqual([]);
    expect((await q(`q=factures&senderId=${c.expert.user.id}`)).items).toHaveLength(1);
    const future = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    expect((await q(`q=factures&from=${future}`)).items).toEqual([]);
    expect((await q(`q=factures&to=${future}`)).items).toHaveLength(1);
    expect((await q('q=factures&hasAttachment=true')).items).toEqual([]);
    const tooShort = await t.request('GET', '/api/messages/search?q=a', { token: c.client.token });
    expect(tooShort.status).toBe(400);
    // Injection attempts are just words.
    expect((await q(`q=${encodeURIComponent("') OR 1=1 --")}`)).items).toEqual([]);
  });
});

describe('the words index', () => {
  it('takes a message’s words as it is stored, leaving none in a pending list for a later message to move', async () => {
    const { c, client } = await conversation();
    await emitSend(client, c.conversationId, 'Le relevé de carburant du mois de mars est joint.');
    const { rows } = await sql<{ pages: number }>`
      SELECT gin_clean_pending_list('messages_search_idx'::regclass)::int AS pages`.execute(t.db);
    expect(rows[0]?.pages).toBe(0);
    const found = await t.request('GET', '/api/messages/search?q=carburant', { token: c.client.token });
    expect(found.body.items).toHaveLength(1);
  });
});

describe('search over many conversations', () => {
  it('finds common and rare words alike, newest first, and knows which words are common', async () => {
    const { admin } = await cast();
    const conversations: string[] = [];
    for (let i = 0; i < 22; i++) {
      const someone = await registerClient(t);
      const created = await t.request('POST', '/api/conversations', {
        token: admin.token,
        body: { userId: someone.user.id },
      });
      expect(created.status).toBeLessThan(300);
      conversations.push(created.body.id);
    }
    const say = async (conversationId: string, body: string) => {
      t.clock.advance(1000);
      const sent = await t.request('POST', `/api/conversations/${conversationId}/messages`, {
        token: admin.token,
        body: { clientKey: randomUUID(), body },
      });
      expect(sent.status).toBe(201);
      return sent.body.message.id as string;
    };
    const withInvoice: string[] = [];
    for (const [i, conversationId] of conversations.entries()) {
      withInvoice.push(await say(conversationId, `Facture numéro ${i} reçue`));
      await say(conversationId, 'Bonjour, rien de neuf');
    }
    const rare = await say(conversations[3]!, 'Le zéphyr a soufflé sur le dossier');
    await sql`ANALYZE messages`.execute(t.db);

    const all = async (q: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: TestResponse<{ items: { message: { id: string } }[]; nextCursor: string | null }> =
          await t.request(
            'GET',
            `/api/messages/search?q=${encodeURIComponent(q)}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
            { token: admin.token },
          );
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((i) => i.message.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await all('factures')).toEqual([...withInvoice].reverse());
    expect(await all('zephyr')).toEqual([rare]);

    // Statistics say how many messages of the scope hold the words: a word they do not list is rare.
    const expected = (q: string) => messageSearchRepo.expectedMatches(t.db, q, conversations);
    const invoices = await expected('facture');
    expect(invoices).toBeGreaterThan(0);
    expect(await messageSearchRepo.expectedMatches(t.db, 'facture', conversations.slice(0, 2))).toBeLessThan(
      invoices,
    );
    expect(await expected('facture bonjour')).toBeLessThan(invoices);
    expect(await expected('introuvable')).toBe(0);
  });
});
