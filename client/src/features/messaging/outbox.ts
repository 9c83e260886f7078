import type { Attachment } from '../../../../common/messaging.ts';

/** A message written but not yet acknowledged by the server, as kept on this device. */
export type QueuedMessage = {
  conversationId: string;
  clientKey: string;
  body: string;
  attachments: Attachment[];
  createdAt: string;
};

/**
 * The messages of one user not yet acknowledged, kept in localStorage so that a reload, a closed tab or a network
 * lost for a day does not lose them; each is sent again with its client key, which the server deduplicates on.
 */
export class Outbox {
  private readonly key: string;
  constructor(userId: string) {
    this.key = `ft.outbox.${userId}`;
  }

  private all(): QueuedMessage[] {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(this.key) ?? '[]');
      return Array.isArray(stored) ? stored : [];
    } catch {
      return [];
    }
  }

  private save(messages: QueuedMessage[]) {
    if (messages.length === 0) localStorage.removeItem(this.key);
    else localStorage.setItem(this.key, JSON.stringify(messages));
  }

  of(conversationId: string): QueuedMessage[] {
    return this.all().filter((m) => m.conversationId === conversationId);
  }

  keep(message: QueuedMessage) {
    this.save([...this.all().filter((m) => m.clientKey !== message.clientKey), message]);
  }

  drop(clientKey: string) {
    this.save(this.all().filter((m) => m.clientKey !== clientKey));
  }
}
