import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appWith } from '../../../tests/support/test-app.ts';
import { dossierWithExpert } from './messaging.factories.ts';

const { t, cast: c } = appWith(dossierWithExpert);

/** A message the client sent, corrected once, then deleted. */
async function editedThenDeleted(): Promise<string> {
  const sent = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
    token: c.client.token,
    body: { clientKey: randomUUID(), body: 'Notre IBAN : FR76 1234' },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const id = sent.body.message.id as string;
  const edit = await t.request('PATCH', `/api/messages/${id}`, {
    token: c.client.token,
    body: { body: 'Notre IBAN : FR76 9999' },
  });
  expect(edit.status).toBe(200);
  expect((await t.request('DELETE', `/api/messages/${id}`, { token: c.client.token })).status).toBe(200);
  return id;
}

describe('a deleted message', () => {
  it('has no readable edit history: 410 MESSAGE_DELETED, no earlier text', async () => {
    const id = await editedThenDeleted();
    const res = await t.request('GET', `/api/messages/${id}/edits`, { token: c.expert.token });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('MESSAGE_DELETED');
    expect(JSON.stringify(res.body)).not.toContain('FR76');
  });

  it('cannot be edited back: 410 MESSAGE_DELETED', async () => {
    const id = await editedThenDeleted();
    const res = await t.request('PATCH', `/api/messages/${id}`, {
      token: c.client.token,
      body: { body: 'Revenu' },
    });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('MESSAGE_DELETED');
  });

  it('stays a 404 for someone outside the conversation', async () => {
    const id = await editedThenDeleted();
    const res = await t.request('GET', `/api/messages/${id}/edits`, { token: c.outsider.token });
    expect(res.status).toBe(404);
  });
});
