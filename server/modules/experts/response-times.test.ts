import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, registerClient, type Session } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { listedExpert } from './experts.factories.ts';
import { expertsWhoWroteSince, RESPONSE_TIME_LOOKBACK_MS, refreshResponseTimes } from './experts.jobs.ts';
import { type MessagePosition, profilesRepo } from './profiles.repo.ts';

let t: TestApp;
let lea: Session;
let hugo: Session;
let ines: Session;
let nora: Session;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await createAdmin(t);
  const expert = (firstName: string) =>
    listedExpert(
      t,
      admin,
      { firstName, lastName: 'Expert', specialties: ['TICPE'], regions: ['occitanie'], languages: ['fr'] },
      { capacity: 4 },
    );
  lea = await expert('Léa');
  hugo = await expert('Hugo');
  ines = await expert('Inès');
  nora = await expert('Nora');
});

afterAll(() => t.close());

describe('response time', () => {
  /** Posts a message as `who`, `minutesLater` after the previous one, with a fresh token (hours may have passed). */
  const say = async (who: Session, conversationId: string, body: string, minutesLater = 0) => {
    t.clock.advance(minutesLater * 60_000);
    const token = await t.app.services.tokens.signAccess(
      { sub: who.user.id, role: who.user.role },
      t.clock.now(),
    );
    const res = await t.request('POST', `/api/conversations/${conversationId}/messages`, {
      token,
      body: { clientKey: randomUUID(), body },
    });
    expect(res.status).toBe(201);
  };
  const conversationWith = async (client: Session, expert: Session): Promise<string> => {
    const conversation = await t.request('POST', '/api/conversations', {
      token: client.token,
      body: { userId: expert.user.id },
    });
    expect(conversation.status).toBeLessThan(300);
    return conversation.body.id;
  };

  it('is the median time an expert takes to answer in messaging, kept on the profile', async () => {
    const client = await registerClient(t);
    const conversationId = await conversationWith(client, nora);
    const profileMinutes = async () =>
      (await t.request('GET', `/api/experts/${nora.user.id}`)).body.medianResponseMinutes;
    expect(await profileMinutes()).toBeNull();
    // The answer counts from the first of the client's messages.
    await say(client, conversationId, 'Bonjour, une question sur la DSN', 0);
    await say(client, conversationId, 'Vous êtes là ?', 30);
    await say(nora, conversationId, 'Oui, je regarde.', 15);
    // The five-minute pass recomputes the experts who wrote since the previous one.
    await t.app.services.jobs.runNow(refreshResponseTimes, {});
    expect(await profileMinutes()).toBe(45);

    // More answers: 120 and 90 minutes; the expert's second message in a row answers nobody. The repository
    // function the pass runs, run here at once.
    await say(nora, conversationId, 'Je reviens vers vous.', 1);
    await say(client, conversationId, 'Et pour 2025 ?', 10);
    await say(nora, conversationId, 'C’est possible.', 120);
    await say(client, conversationId, 'Merci, je vous envoie les bulletins.', 5);
    await say(nora, conversationId, 'Bien reçu.', 90);
    const stored = async () =>
      (
        await t.db
          .selectFrom('expertProfiles')
          .select('medianResponseMinutes')
          .where('userId', '=', nora.user.id)
          .executeTakeFirstOrThrow()
      ).medianResponseMinutes;
    const since = new Date(t.clock.now().getTime() - 180 * 86_400_000);
    expect(await profilesRepo.refreshResponseTime(t.db, nora.user.id, since)).toBe(true);
    expect(await stored()).toBe(90);
    // Nothing newer to count since a later date: the last measured value stays.
    expect(await profilesRepo.refreshResponseTime(t.db, nora.user.id, t.clock.now())).toBe(false);
    expect(await stored()).toBe(90);
  });

  it('is recomputed for the experts who wrote within the lookback only, never for clients', async () => {
    const writers = () =>
      expertsWhoWroteSince(
        t.app.services.experts,
        new Date(t.clock.now().getTime() - RESPONSE_TIME_LOOKBACK_MS),
        new AbortController().signal,
      );
    // Nora (expert) and her client have just written (previous test).
    expect(await writers()).toEqual([nora.user.id]);
    t.clock.advance(RESPONSE_TIME_LOOKBACK_MS + 60_000);
    expect(await writers()).toEqual([]);
  });

  it('finds its experts slice by slice, to the window’s last message, messages of the same instant included', async () => {
    const client = await registerClient(t);
    const since = t.clock.now();
    // Nine messages of one instant (the clock stands still): the slices' boundaries fall between equal times.
    for (const expert of [lea, hugo, ines]) {
      const conversationId = await conversationWith(client, expert);
      for (const who of [client, expert, expert]) await say(who, conversationId, 'Bonjour');
    }
    const instants = await t.db
      .selectFrom('messages')
      .select('createdAt')
      .distinct()
      .where('createdAt', '>=', since)
      .execute();
    expect(instants).toHaveLength(1);
    // The pass's own loop over slices of `limit` messages, its statements counted.
    const walk = async (limit: number) => {
      let statements = 0;
      const slices = {
        expertAuthorsSince: (from: Date, after: MessagePosition | null) => {
          statements++;
          return profilesRepo.expertAuthorsSince(t.db, from, after, limit);
        },
      };
      const experts = await expertsWhoWroteSince(slices, since, new AbortController().signal);
      return { experts: experts.sort(), statements };
    };
    const expected = [lea, hugo, ines].map((s) => s.user.id).sort();

    expect(await walk(100)).toEqual({ experts: expected, statements: 1 });
    // One message a slice: nine slices, then an empty one.
    expect(await walk(1)).toEqual({ experts: expected, statements: 10 });
    expect(await walk(2)).toEqual({ experts: expected, statements: 5 });
  });
});
