import type { Db } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { notFound } from '../../platform/errors.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { conversationsRepo as repo } from './conversations.repo.ts';
import type { MessagingRealtime } from './messaging.realtime.ts';

/**
 * Who takes part in a conversation, checked by every read and write of it. A client of the dossier's company who
 * joined the company after the conversation started is taken in on first visit.
 */
export class Participation {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly dossiers: DossiersService;
  private readonly realtime: MessagingRealtime;

  constructor(deps: { db: Db; clock: Clock; dossiers: DossiersService; realtime: MessagingRealtime }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.dossiers = deps.dossiers;
    this.realtime = deps.realtime;
  }

  /** Current participant, or a 404 that does not tell whether the conversation exists. */
  async require(user: Actor, conversationId: string) {
    const participant = await repo.findParticipant(this.db, conversationId, user.id);
    if (participant) return participant;
    const conversation = await repo.findConversation(this.db, conversationId);
    if (conversation && (await this.joinIfEntitled(user, conversation))) {
      return (await repo.findParticipant(this.db, conversationId, user.id))!;
    }
    throw notFound('Conversation');
  }

  /** Whether the user currently takes part (for socket room subscriptions). */
  async isParticipant(user: Actor, conversationId: string): Promise<boolean> {
    return this.require(user, conversationId).then(
      () => true,
      () => false,
    );
  }

  /** A client of the dossier's company who joined the company after the conversation started takes part too. */
  async joinIfEntitled(
    user: Actor,
    conversation: { id: string; kind: string; dossierId: string | null },
  ): Promise<boolean> {
    if (conversation.kind !== 'dossier' || !conversation.dossierId || user.role !== 'client') return false;
    const dossier = await this.dossiers
      .get({ ...user, status: 'active' }, conversation.dossierId)
      .catch(() => null);
    if (!dossier) return false;
    await repo.addParticipants(
      this.db,
      conversation.id,
      [{ userId: user.id, role: 'client' }],
      this.clock.now(),
    );
    this.realtime.enter([user.id], conversation.id);
    return true;
  }
}
