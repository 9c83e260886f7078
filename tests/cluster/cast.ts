/**
 * The people of the cluster suite's messaging: demo clients and the experts of their dossiers' conversations, each
 * signed in, with the conversations they share. Spread over many conversations, as a real platform's messages are.
 */

import { DEMO_PASSWORD } from '../../server/db/seed/demo.ts';
import { api, json } from '../faults/http.ts';
import { type Cast, login, type Person } from '../faults/load.ts';

export type Talker = { person: Person; conversations: string[] };

type Conversation = { id: string; participants: { id: string; role: string }[] };

/** Every (client, expert) pair of the cast's clients' conversations, up to `pairs`, both sides signed in. */
export async function talkers(url: string, cast: Cast, pairs: number): Promise<Talker[]> {
  const expertEmails = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await api(
      url,
      'GET',
      `/api/admin/users?role=expert&status=active&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      {
        token: cast.admin.token,
      },
    );
    const body = json<{ items: { id: string; email: string }[]; nextCursor: string | null }>(page);
    for (const u of body.items) expertEmails.set(u.id, u.email);
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  const byPerson = new Map<string, Talker>();
  const talkerOf = async (email: string, person?: Person) => {
    const known = byPerson.get(email);
    if (known) return known;
    const talker = { person: person ?? (await login(url, email, DEMO_PASSWORD)), conversations: [] };
    byPerson.set(email, talker);
    return talker;
  };
  let found = 0;
  for (const client of [cast.client, ...cast.clients]) {
    const listed = await api(url, 'GET', '/api/conversations?limit=20', { token: client.token });
    for (const conversation of json<{ items: Conversation[] }>(listed).items) {
      const expertId = conversation.participants.find((p) => p.role === 'expert')?.id;
      const expertEmail = expertId && expertEmails.get(expertId);
      if (!expertEmail || found >= pairs) continue;
      (await talkerOf(client.email, client)).conversations.push(conversation.id);
      const expert = expertEmail === cast.expert.email ? cast.expert : undefined;
      (await talkerOf(expertEmail, expert)).conversations.push(conversation.id);
      found++;
    }
  }
  return [...byPerson.values()];
}
