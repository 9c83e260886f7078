import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Conversation } from '../../../../common/messaging.ts';
import { formatDate } from '../../lib/format.ts';
import { useUser } from '../../lib/session.tsx';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { focusRing } from '../../ui/Button.tsx';
import { EmptyState, ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { conversationTitle } from './conversationTitle.ts';
import { useConversation, useConversations, useMessageSearch } from './messaging.api.ts';
import { Snippet } from './richText.tsx';
import { Thread } from './Thread.tsx';

// "Exporter la conversation" (the reports' exports: its messages as a CSV or XLSX file), loaded after the page.
const ExportListButton = lazyPart('reports/ExportListButton', () =>
  import('../reports/reports.embeds.ts').then((m) => m.ExportListButton),
);

function ConversationItem({
  conversation,
  active,
  meId,
}: {
  conversation: Conversation;
  active: boolean;
  meId: string;
}) {
  const { t } = useTranslation();
  const last = conversation.lastMessage;
  const preview = last
    ? last.deletedAt
      ? t('messaging.deleted')
      : last.body || t('messaging.attachments')
    : t('messaging.empty');
  return (
    <Link
      to={`/messages/${conversation.id}`}
      aria-current={active ? 'page' : undefined}
      data-testid="conversation"
      className={`block rounded-lg px-3 py-2.5 ${focusRing} ${active ? 'bg-blue-50' : 'hover:bg-slate-100'}`}
    >
      <span className="flex items-center justify-between gap-2">
        <span className="truncate text-sm font-medium">{conversationTitle(conversation, meId)}</span>
        {conversation.unreadCount > 0 && (
          <span
            className="rounded-full bg-blue-700 px-2 text-xs font-semibold text-white"
            data-testid="unread"
          >
            <span className="sr-only">{t('messaging.unread', { count: conversation.unreadCount })}</span>
            <span aria-hidden>{conversation.unreadCount}</span>
          </span>
        )}
      </span>
      <span className="flex justify-between gap-2 text-xs text-slate-600">
        <span className="truncate">{preview}</span>
        {conversation.lastMessageAt && (
          <span className="shrink-0">{formatDate(conversation.lastMessageAt)}</span>
        )}
      </span>
    </Link>
  );
}

function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const results = useMessageSearch(q);
  if (results.isPending) return <LoadingRows rows={2} />;
  if (results.isError) return <ErrorAlert error={results.error} />;
  if (results.data.items.length === 0)
    return <p className="px-3 py-4 text-sm text-slate-500">{t('messaging.noResults')}</p>;
  return (
    <ul className="space-y-1" aria-label={t('messaging.results')}>
      {results.data.items.map((hit) => (
        <li key={hit.message.id}>
          <Link
            to={`/messages/${hit.conversation.id}?seq=${hit.message.seq}`}
            className={`block rounded-lg px-3 py-2 text-sm hover:bg-slate-100 ${focusRing}`}
          >
            <span className="block text-xs text-slate-500">
              {hit.message.sender ? `${hit.message.sender.firstName} ${hit.message.sender.lastName}` : ''} ·{' '}
              {formatDate(hit.message.createdAt)}
            </span>
            <Snippet text={hit.snippet} />
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function MessagingPage() {
  const { t } = useTranslation();
  const me = useUser();
  const { conversationId } = useParams();
  const [url] = useSearchParams();
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim());
  const list = useConversations();
  const current = useConversation(conversationId);
  const highlightSeq = Number(url.get('seq')) || undefined;

  return (
    <div className="-mx-4 -my-6 grid h-[calc(100dvh-12rem)] min-h-[28rem] md:h-[calc(100dvh-8.5rem)] overflow-hidden border-slate-200 bg-white sm:mx-0 sm:my-0 sm:rounded-xl sm:border grid-cols-[minmax(0,1fr)] md:grid-cols-[20rem_minmax(0,1fr)]">
      <aside
        aria-label={t('messaging.conversations')}
        className={`${conversationId ? 'hidden md:flex' : 'flex'} min-h-0 flex-col border-r border-slate-200`}
      >
        <div className="border-b border-slate-200 p-3">
          <h1 className="mb-2 text-lg font-semibold">{t('messaging.title')}</h1>
          <label htmlFor="message-search" className="sr-only">
            {t('messaging.search')}
          </label>
          <input
            id="message-search"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('messaging.search')}
            className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
          />
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto p-2">
          {query.length >= 2 ? (
            <SearchResults q={query} />
          ) : list.isPending ? (
            <LoadingRows rows={4} />
          ) : list.isError ? (
            <ErrorAlert error={list.error} />
          ) : list.data.items.length === 0 ? (
            <EmptyState title={t('messaging.noConversations')}>
              {t('messaging.noConversationsHint')}
            </EmptyState>
          ) : (
            <nav aria-label={t('messaging.conversations')} className="space-y-1">
              {list.data.items.map((c) => (
                <ConversationItem key={c.id} conversation={c} active={c.id === conversationId} meId={me.id} />
              ))}
            </nav>
          )}
        </div>
      </aside>
      <section className={`${conversationId ? 'flex' : 'hidden md:flex'} min-h-0 flex-col`}>
        {!conversationId ? (
          <p className="m-auto p-6 text-sm text-slate-500">{t('messaging.pick')}</p>
        ) : current.isPending ? (
          <LoadingRows rows={3} />
        ) : current.isError ? (
          <ErrorAlert error={current.error} />
        ) : (
          <Thread
            key={current.data.id}
            conversation={current.data}
            me={me}
            highlightSeq={highlightSeq}
            className="h-full"
            header={
              <>
                <Link
                  to="/messages"
                  className={`rounded px-2 py-1 text-sm text-blue-700 md:hidden ${focusRing}`}
                >
                  ← {t('common.back')}
                </Link>
                <h2 className="font-semibold">
                  {current.data.dossier ? (
                    <Link to={`/dossiers/${current.data.dossier.id}`} className="hover:underline">
                      {conversationTitle(current.data, me.id)}
                    </Link>
                  ) : (
                    conversationTitle(current.data, me.id)
                  )}
                </h2>
                {/* Its participants may export it; last in the bar, as tall as the button before it arrives. */}
                {current.data.isParticipant && (
                  <Suspense fallback={<span className="order-last ml-auto h-8" />}>
                    <ExportListButton
                      list="messages"
                      filters={{ conversationId: current.data.id }}
                      className="order-last ml-auto"
                    />
                  </Suspense>
                )}
              </>
            }
          />
        )}
      </section>
    </div>
  );
}
