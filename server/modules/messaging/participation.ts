import type { Actor } from '../../platform/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { conversationsRepo as repo } from './conversations.repo.ts';
import type { MessagingRealtime } from './messaging.realtime.ts';

export type ParticipationDeps = Pick<Platform, 'db' | 'clock'> & {
  dossiers: DossiersService;
  realtime: MessagingRealtime;
};

/**
 * Who takes part in a conversation, checked by every read and write of it. A client of the dossier's company who
 * joined the company after the conversation started is taken in on first visit.
 */
export class Participation extends Service<ParticipationDeps> {
  /** Current participant, or a 404 that does not tell whether the conversation exists. */
  async require(user: Actor, conversationId: string) {
    const participant = await repo.findParticipant(this.deps.db, conversationId, user.id);
    if (participant) return participant;
    const conversation = await repo.findConversation(this.deps.db, conversationId);
    if (conversation && (await this.joinIfEntitled(user, conversation))) {
      return (await repo.findParticipant(this.deps.db, conversationId, user.id))!;
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
    const dossier = await this.deps.dossiers
      .get({ ...user, status: 'active' }, conversation.dossierId)
      .catch(() => null);
    if (!dossier) return false;
    await repo.addParticipants(
      this.deps.db,
      conversation.id,
      [{ userId: user.id, role: 'client' }],
      this.deps.clock.now(),
    );
    this.deps.realtime.enter([user.id], conversation.id);
    return true;
  }
}
