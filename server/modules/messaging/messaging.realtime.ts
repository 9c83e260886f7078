import type { Message } from '../../../common/messaging.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';

/**
 * Who receives which real-time event of messaging: a conversation's events go to its room (the sockets of its
 * current participants), a person's own counts and invitations to their user room (all their tabs).
 */
export class MessagingRealtime {
  private readonly hub: RealtimeHub;

  constructor(hub: RealtimeHub) {
    this.hub = hub;
  }

  /** The users' connected sockets start receiving the conversation's events. */
  enter(userIds: string[], conversationId: string): void {
    this.hub.joinUsers(userIds, rooms.conversation(conversationId));
  }

  /** The users' connected sockets stop receiving the conversation's events. */
  leave(userIds: string[], conversationId: string): void {
    this.hub.leaveUsers(userIds, rooms.conversation(conversationId));
  }

  /** Tells each user that a conversation now includes them (their lists add it). */
  conversationNew(userIds: string[], conversationId: string): void {
    // One broadcast to all their rooms: a socket in several of them still gets it once.
    if (userIds.length) this.hub.emitTo(userIds.map(rooms.user), 'conversation:new', { id: conversationId });
  }

  /** A new message, to the conversation's participants except the sending socket (it has its acknowledgement). */
  messageNew(message: Message, exceptSocket?: string): void {
    const room = rooms.conversation(message.conversationId);
    if (exceptSocket) this.hub.emitExcept(room, exceptSocket, 'message:new', message);
    else this.hub.emitTo(room, 'message:new', message);
  }

  messageUpdated(message: Message): void {
    this.hub.emitTo(rooms.conversation(message.conversationId), 'message:updated', message);
  }

  messageDeleted(message: Message): void {
    this.hub.emitTo(rooms.conversation(message.conversationId), 'message:deleted', message);
  }

  /** A read receipt, to the conversation's participants. */
  read(receipt: { conversationId: string; userId: string; seq: number; readAt: string }): void {
    this.hub.emitTo(rooms.conversation(receipt.conversationId), 'message:read', receipt);
  }

  /** A reader's new unread counts, to all their tabs. */
  unread(userId: string, counts: { conversationId: string; unread: number; unreadTotal: number }): void {
    this.hub.emitTo(rooms.user(userId), 'unread', counts);
  }
}
