import type { Conversation } from '../../../../common/messaging.ts';

/** A dossier conversation is named by its dossier; a direct one by the people in it other than the reader. */
export function conversationTitle(conversation: Conversation, meId: string): string {
  if (conversation.dossier) return `${conversation.dossier.reference} · ${conversation.dossier.productCode}`;
  const others = conversation.participants.filter((p) => p.id !== meId);
  return others.map((p) => `${p.firstName} ${p.lastName}`).join(', ') || '—';
}
