/** Editing within the window, and soft deletion. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Cast, emitSend, messagingTestApp, nextEvent } from './messaging.factories.ts';

const { t, openAll, cast } = messagingTestApp();
let c: Cast;
beforeAll(async () => {
  c = await cast();
});

/** A message the client just sent, and the expert's socket listening to the conversation. */
async function sentByClient(body: string) {
  const [client, expert] = await openAll(c.client.token, c.expert.token);
  const sent = await emitSend(client, c.conversationId, body);
  return { sent, expert };
}

describe('PATCH /api/messages/:id', () => {
  it('lets the author correct a message, tells the others and keeps the previous text in its history', async () => {
    const { sent, expert } = await sentByClient('Montant : 12 000 €');
    const updated = nextEvent(expert, 'message:updated');
    const edit = await t.request('PATCH', `/api/messages/${sent.id}`, {
      token: c.client.token,
      body: { body: 'Montant : 21 000 €' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ body: 'Montant : 21 000 €', seq: sent.seq });
    expect(edit.body.editedAt).not.toBeNull();
    expect((await updated).body).toBe('Montant : 21 000 €');
    const history = await t.request('GET', `/api/messages/${sent.id}/edits`, { token: c.expert.token });
    expect(history.body.map((e: { previousBody: string }) => e.previousBody)).toEqual(['Montant : 12 000 €']);
  });

  it('refuses an edit by someone other than the author (403)', async () => {
    const { sent } = await sentByClient('Montant : 12 000 €');
    const notMine = await t.request('PATCH', `/api/messages/${sent.id}`, {
      token: c.expert.token,
      body: { body: 'falsifié' },
    });
    expect(notMine.status).toBe(403);
  });

  it('refuses an edit 15 minutes after sending (409 MESSAGE_EDIT_WINDOW_CLOSED)', async () => {
    const { sent } = await sentByClient('Montant : 12 000 €');
    // Sent 15 minutes and a second ago (the clock stays: access tokens live 15 minutes too).
    await t.db
      .updateTable('messages')
      .set({ createdAt: new Date(t.clock.now().getTime() - 15 * 60 * 1000 - 1000) })
      .where('id', '=', sent.id)
      .execute();
    const late = await t.request('PATCH', `/api/messages/${sent.id}`, {
      token: c.client.token,
      body: { body: 'trop tard' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('MESSAGE_EDIT_WINDOW_CLOSED');
  });
});

describe('DELETE /api/messages/:id', () => {
  it('deletes softly: the message stays in the thread without its text, tells the others, and leaves search', async () => {
    const { sent, expert } = await sentByClient('Montant confidentiel : 12 000 €');
    const deleted = nextEvent(expert, 'message:deleted');
    const del = await t.request('DELETE', `/api/messages/${sent.id}`, { token: c.client.token });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ body: '', id: sent.id });
    expect(del.body.deletedAt).not.toBeNull();
    expect((await deleted).id).toBe(sent.id);
    const page = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
    });
    expect(page.body.items.find((m: { id: string }) => m.id === sent.id).body).toBe('');
    const search = await t.request('GET', '/api/messages/search?q=confidentiel', { token: c.expert.token });
    expect(search.body.items).toEqual([]);
  });
});
