import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, Message } from '../../../../common/messaging.ts';
import type { User } from '../../../../common/users.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { dateTimeFormat } from '../../lib/intl.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert, LoadingRows, useErrorMessage } from '../../ui/Feedback.tsx';
import { ClockIcon } from '../../ui/icons.tsx';
import { AttachmentList } from './Attachments.tsx';
import { Composer } from './Composer.tsx';
import { MessageActions } from './MessageActions.tsx';
import { useJoinConversation } from './messaging.api.ts';
import { RichText } from './richText.tsx';
import { type OutgoingMessage, useThread } from './useThread.ts';

const time = (iso: string, locale: string) =>
  dateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { timeStyle: 'short' }).format(new Date(iso));
const dayOf = (iso: string) => new Date(iso).toDateString();

function Bubble({ mine, children }: { mine: boolean; children: React.ReactNode }) {
  return (
    <div className={`flex ${mine ? 'justify-end' : 'justify-start'}`}>
      <div
        className={`max-w-[85%] rounded-2xl px-3 py-2 text-sm shadow-sm sm:max-w-[70%] ${
          mine
            ? 'rounded-br-sm bg-blue-700 text-white'
            : 'rounded-bl-sm bg-white text-slate-900 ring-1 ring-slate-200'
        }`}
      >
        {children}
      </div>
    </div>
  );
}

type ThreadProps = {
  conversation: Conversation;
  me: User;
  highlightSeq?: number;
  className?: string;
  /** Shown at the left of the header bar (a back button, the title). */
  header?: React.ReactNode;
};

function JoinButton({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const join = useJoinConversation(conversationId);
  return (
    <Button
      size="sm"
      variant="secondary"
      className="ml-auto"
      busy={join.isPending}
      onClick={() => join.mutate()}
    >
      {t('messaging.join')}
    </Button>
  );
}

export function Thread({ conversation, me, highlightSeq, className = '', header }: ThreadProps) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const thread = useThread(conversation, me);
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const others = conversation.participants.filter((p) => p.id !== me.id);
  const { messages, outgoing, hasOlder, loadOlder, markRead } = thread;

  const readByAll = (seq: number) =>
    others.length > 0 && others.every((p) => (thread.readSeqs[p.id] ?? 0) >= seq);

  // Keep the view where the reader is: at the bottom for new messages, in place when older ones load above.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each change of what the thread shows
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforeOlder.current !== null) {
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages, outgoing, thread.typingUsers.length]);

  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !hasOlder) return;
    const observer = new IntersectionObserver(([entry]) => {
      if (entry?.isIntersecting && scroller.current) {
        heightBeforeOlder.current = scroller.current.scrollHeight;
        void loadOlder();
      }
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasOlder, loadOlder]);

  // Read receipts: what is on screen while the page is visible is read.
  useEffect(() => {
    if (messages.length === 0) return;
    const markIfVisible = () => document.visibilityState === 'visible' && stickToBottom.current && markRead();
    markIfVisible();
    document.addEventListener('visibilitychange', markIfVisible);
    return () => document.removeEventListener('visibilitychange', markIfVisible);
  }, [messages, markRead]);

  useEffect(() => {
    if (!highlightSeq) return;
    if (!messages.some((m) => m.seq === highlightSeq)) {
      if (hasOlder && (messages[0]?.seq ?? 0) > highlightSeq) void loadOlder();
      return;
    }
    stickToBottom.current = false;
    document
      .getElementById(`message-${conversation.id}-${highlightSeq}`)
      ?.scrollIntoView({ block: 'center' });
  }, [highlightSeq, messages, hasOlder, loadOlder, conversation.id]);

  const renderMessage = (m: Message, previous: Message | undefined) => {
    const mine = m.sender?.id === me.id;
    const newDay = !previous || dayOf(previous.createdAt) !== dayOf(m.createdAt);
    const sameAuthor = previous && !newDay && previous.sender?.id === m.sender?.id;
    return (
      <Fragment key={m.id}>
        {newDay && (
          <div className="my-3 text-center text-xs font-medium text-slate-500">{formatDate(m.createdAt)}</div>
        )}
        <div
          id={`message-${conversation.id}-${m.seq}`}
          data-testid="message"
          data-seq={m.seq}
          className={`${sameAuthor ? 'mt-1' : 'mt-3'} ${m.seq === highlightSeq ? 'rounded-xl bg-amber-100/70 p-1' : ''}`}
        >
          {m.kind === 'system' ? (
            <p className="text-center text-xs italic text-slate-500">
              <RichText text={m.body} />
            </p>
          ) : (
            <Bubble mine={mine}>
              {!mine && !sameAuthor && m.sender && (
                <p className="mb-0.5 text-xs font-semibold text-blue-800">
                  {m.sender.firstName} {m.sender.lastName}
                </p>
              )}
              {m.deletedAt ? (
                <p className="italic opacity-70">{t('messaging.deleted')}</p>
              ) : (
                <div className="break-words">
                  <RichText text={m.body} />
                </div>
              )}
              <AttachmentList attachments={m.attachments} />
              <div
                className={`mt-1 flex flex-wrap justify-end gap-1 text-[11px] ${mine ? 'text-blue-100' : 'text-slate-500'}`}
              >
                {mine && !m.deletedAt && <MessageActions message={m} onRevise={thread.revise} />}
                {m.editedAt && <span>{t('messaging.edited')}</span>}
                <time dateTime={m.createdAt}>{time(m.createdAt, i18n.language)}</time>
                {mine && (
                  <span data-testid="receipt" data-read={readByAll(m.seq)}>
                    <span aria-hidden>{readByAll(m.seq) ? '✓✓' : '✓'}</span>
                    <span className="sr-only">
                      {readByAll(m.seq) ? t('messaging.read') : t('messaging.sent')}
                    </span>
                  </span>
                )}
              </div>
            </Bubble>
          )}
        </div>
      </Fragment>
    );
  };

  const renderOutgoing = (o: OutgoingMessage) => (
    <div key={o.clientKey} className="mt-3" data-testid="message-outgoing">
      <Bubble mine>
        <div className="break-words">
          <RichText text={o.body} />
        </div>
        <AttachmentList attachments={o.attachments} />
        <p className="mt-1 flex justify-end gap-2 text-[11px] text-blue-100">
          {o.state === 'sending' ? (
            <span>
              <ClockIcon />
              <span className="sr-only">{t('messaging.sending')}</span>
            </span>
          ) : o.state === 'waiting' ? (
            <span data-testid="waiting-for-network" className="inline-flex items-center gap-1 font-medium">
              <ClockIcon />
              {t('messaging.waiting')}
            </span>
          ) : (
            <>
              <span role="alert">{errorMessage(o.error)}</span>
              <button type="button" className="underline" onClick={() => thread.retry(o.clientKey)}>
                {t('messaging.retry')}
              </button>
            </>
          )}
        </p>
      </Bubble>
    </div>
  );

  const onlineOthers = others.filter((p) => thread.presence[p.id]?.online);
  return (
    <div className={`flex min-h-0 flex-col ${className}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-white px-3 py-2">
        {header}
        <p className="text-xs text-slate-500" data-testid="presence">
          {others.map((p) => (
            <span key={p.id} className="mr-2 inline-flex items-center gap-1">
              <span
                aria-hidden
                className={`size-2 rounded-full ${thread.presence[p.id]?.online ? 'bg-emerald-500' : 'bg-slate-300'}`}
              />
              {p.firstName} {p.lastName}
              <span className="sr-only">
                {thread.presence[p.id]?.online ? t('messaging.online') : t('messaging.offline')}
              </span>
              {!thread.presence[p.id]?.online && thread.presence[p.id]?.lastSeenAt && (
                <span className="text-slate-600">
                  · {t('messaging.lastSeen', { when: formatDateTime(thread.presence[p.id]!.lastSeenAt!) })}
                </span>
              )}
            </span>
          ))}
          {onlineOthers.length > 0 && (
            <span className="sr-only">{t('messaging.onlineCount', { count: onlineOthers.length })}</span>
          )}
        </p>
        {!conversation.isParticipant && me.role === 'admin' && (
          <JoinButton conversationId={conversation.id} />
        )}
      </div>
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          if (stickToBottom.current) markRead();
        }}
        className="min-h-0 flex-1 overflow-y-auto bg-slate-50 px-3 py-2"
        role="log"
        aria-live="polite"
        aria-label={t('messaging.thread')}
      >
        {thread.loading ? (
          <LoadingRows rows={3} />
        ) : (
          <>
            <div ref={topSentinel} />
            {hasOlder && (
              <div className="text-center">
                <Button variant="ghost" size="sm" onClick={() => void loadOlder()}>
                  {t('messaging.older')}
                </Button>
              </div>
            )}
            <ErrorAlert error={thread.error} />
            {messages.length === 0 && outgoing.length === 0 && (
              <p className="py-8 text-center text-sm text-slate-500">{t('messaging.empty')}</p>
            )}
            {messages.map((m, i) => renderMessage(m, messages[i - 1]))}
            {outgoing.map(renderOutgoing)}
          </>
        )}
      </div>
      <p className="h-5 px-3 text-xs italic text-slate-500" aria-live="polite" data-testid="typing">
        {thread.typingUsers.length > 0 &&
          t('messaging.typing', {
            names: thread.typingUsers.map((p) => p.firstName).join(', '),
            count: thread.typingUsers.length,
          })}
      </p>
      <Composer
        conversationId={conversation.id}
        onSend={thread.send}
        onTyping={thread.notifyTyping}
        disabled={!conversation.isParticipant}
      />
    </div>
  );
}
