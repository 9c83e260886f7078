import type { z } from 'zod';
import type { messageExportFilters } from '../../../../common/reports.ts';
import { notFound } from '../../../platform/errors.ts';
import { conversationsRepo } from '../../messaging/conversations.repo.ts';
import { messagesRepo } from '../../messaging/messages.repo.ts';
import type { ListSource } from './list-source.ts';

const PAGE_ROWS = 1000;

const labels = {
  fr: {
    at: 'Date',
    sender: 'Auteur',
    role: 'Rôle',
    body: 'Message',
    attachments: 'Pièces jointes',
    edited: 'Modifié',
  },
  en: {
    at: 'Date',
    sender: 'Author',
    role: 'Role',
    body: 'Message',
    attachments: 'Attachments',
    edited: 'Edited',
  },
};
const yesNo = { fr: ['oui', 'non'], en: ['yes', 'no'] };
const deleted = { fr: '(message supprimé)', en: '(message deleted)' };

const parisTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/**
 * A conversation's messages, oldest first, for someone who takes part in it (checked when asked; the history query
 * checks it again for every page, so a reader who left meanwhile gets no more rows).
 */
export const messageList: ListSource<z.infer<typeof messageExportFilters>> = {
  name: 'conversation',
  title: () => 'Messages',
  check: async (db, actor, { conversationId }) => {
    const participant = await conversationsRepo.findParticipant(db, conversationId, actor.id);
    if (!participant || participant.leftAt) throw notFound('Conversation');
  },
  columns: (locale) => {
    const l = labels[locale];
    return [
      { key: 'at', label: l.at, format: 'text' },
      { key: 'sender', label: l.sender, format: 'text' },
      { key: 'role', label: l.role, format: 'text' },
      { key: 'body', label: l.body, format: 'text' },
      { key: 'attachments', label: l.attachments, format: 'text' },
      { key: 'edited', label: l.edited, format: 'text' },
    ];
  },
  count: async () => null,
  async *pages(db, actor, { conversationId }, locale) {
    let after = 0;
    for (;;) {
      const rows = (await messagesRepo.historyAfter(db, conversationId, actor.id, after, PAGE_ROWS)).slice(
        0,
        PAGE_ROWS,
      );
      yield rows.map((m) => ({
        at: parisTime.format(m.createdAt),
        sender: m.senderFirstName ? `${m.senderFirstName} ${m.senderLastName}` : null,
        role: m.senderRole,
        body: m.deletedAt ? deleted[locale] : m.body,
        attachments: yesNo[locale][m.hasAttachments ? 0 : 1]!,
        edited: yesNo[locale][m.editedAt ? 0 : 1]!,
      }));
      if (rows.length < PAGE_ROWS) return;
      after = Number(rows.at(-1)!.seq);
    }
  },
};
