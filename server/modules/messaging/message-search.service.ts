import type { Actor } from '../../platform/actor.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { attachmentsRepo } from './attachments.repo.ts';
import { conversationsRepo } from './conversations.repo.ts';
import { messageSearchRepo as repo } from './message-search.repo.ts';
import { toMessage } from './messaging.presenter.ts';

export type MessageSearchDeps = Pick<Platform, 'db'>;

/** French full-text search over the messages of the conversations the user takes part in. */
export class MessageSearchService extends Service<MessageSearchDeps> {
  async search(
    user: Actor,
    query: {
      q: string;
      conversationId?: string;
      senderId?: string;
      from?: Date;
      to?: Date;
      hasAttachment?: boolean;
      limit: number;
      cursor?: string;
    },
  ) {
    const key = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const before = key && { createdAt: key[0], id: key[1] };
    let conversationIds = await conversationsRepo.conversationIdsOf(this.deps.db, user.id);
    if (query.conversationId) conversationIds = conversationIds.filter((id) => id === query.conversationId);
    if (conversationIds.length === 0) return { items: [], nextCursor: null };
    const rows = await repo.search(this.deps.db, {
      conversationIds,
      query: query.q,
      senderId: query.senderId,
      from: query.from,
      to: query.to,
      hasAttachment: query.hasAttachment,
      before,
      limit: query.limit,
    });
    const page = pageOf(rows, query.limit, (last) => [last.createdAt.toISOString(), last.id]);
    const attachments = await attachmentsRepo.shownWith(this.deps.db, page.items);
    const messages = page.items.map((r) => toMessage(r, attachments));
    return {
      items: page.items.map((r, i) => ({
        message: messages[i]!,
        snippet: r.snippet,
        conversation: { id: r.conversationId, kind: r.conversationKind },
      })),
      nextCursor: page.nextCursor,
    };
  }
}
