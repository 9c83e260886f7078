import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { uuidv7 } from '../../../../common/ids.ts';
import type {
  Attachment,
  Conversation,
  Message,
  PresenceState,
  SendAck,
} from '../../../../common/messaging.ts';
import { TYPING_THROTTLE_MS } from '../../../../common/messaging-limits.ts';
import type { Ack } from '../../../../common/socket-events.ts';
import type { User } from '../../../../common/users.ts';
import { ApiError } from '../../lib/api.ts';
import { useSocket, useSocketEvent } from '../../lib/realtime.tsx';
import { useOnline } from '../../ui/useOnline.ts';
import {
  deleteMessage,
  editMessage,
  fetchMessages,
  postReadReceipt,
  sendMessage,
  useNewestMessages,
} from './messaging.api.ts';
import { Outbox } from './outbox.ts';

/**
 * A message on its way: shown at once, confirmed by the server's acknowledgement, retried with the same key; while
 * the device is offline it waits (kept in the outbox, so a reload keeps it too) and leaves when the network is back.
 */
export type OutgoingMessage = {
  clientKey: string;
  body: string;
  attachments: Attachment[];
  createdAt: string;
  state: 'sending' | 'waiting' | 'failed';
  error?: unknown;
};

const bySeq = (a: Message, b: Message) => a.seq - b.seq;

function merge(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort(bySeq);
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The live state of one conversation (its component is keyed by the conversation): history loaded upward on demand,
 * new messages as they arrive, exactly the missed ones after a reconnection, outgoing messages with idempotent
 * retries, read receipts, typing and presence. The newest page is a query, so that a page the server rendered
 * carries it and shows the messages before the app runs.
 */
export function useThread(conversation: Conversation, me: User) {
  const socket = useSocket();
  const conversationId = conversation.id;
  const newest = useNewestMessages(conversationId);
  const [messages, setMessages] = useState<Message[]>(() => newest.data?.items ?? []);
  const [outgoing, setOutgoing] = useState<OutgoingMessage[]>([]);
  const outgoingNow = useRef(outgoing);
  outgoingNow.current = outgoing;
  const outbox = useMemo(() => new Outbox(me.id), [me.id]);
  const online = useOnline();
  const [olderCursor, setOlderCursor] = useState<string | null>(() => newest.data?.nextCursor ?? null);
  const olderLoaded = useRef(false);
  const [readSeqs, setReadSeqs] = useState<Record<string, number>>(() =>
    Object.fromEntries(conversation.participants.map((p) => [p.id, p.lastReadSeq])),
  );
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [presence, setPresence] = useState<Record<string, PresenceState>>({});
  const lastSeq = useRef(0);
  lastSeq.current = messages.at(-1)?.seq ?? 0;
  const loading = newest.isPending;

  useEffect(() => {
    setOutgoing(outbox.of(conversationId).map((queued) => ({ ...queued, state: 'waiting' })));
  }, [conversationId, outbox]);

  // The newest page read again (the socket reconnected) joins what is shown; the first one is shown already.
  const shownPage = useRef(newest.data);
  useEffect(() => {
    const page = newest.data;
    if (!page || page === shownPage.current) return;
    shownPage.current = page;
    setMessages((current) => merge(current, page.items));
    if (!olderLoaded.current) setOlderCursor(page.nextCursor);
  }, [newest.data]);

  const loadOlder = useCallback(async () => {
    if (!olderCursor) return;
    const page = await fetchMessages(conversationId, { before: olderCursor, limit: 50 });
    olderLoaded.current = true;
    setMessages((current) => merge(current, page.items));
    setOlderCursor(page.nextCursor);
  }, [conversationId, olderCursor]);

  /** After a reconnection: everything after the last sequence we hold, page by page. */
  const catchUp = useCallback(async () => {
    let hasMore = true;
    while (hasMore) {
      const page = await fetchMessages(conversationId, { afterSeq: lastSeq.current, limit: 200 });
      setMessages((current) => merge(current, page.items));
      lastSeq.current = page.items.at(-1)?.seq ?? lastSeq.current;
      hasMore = page.hasMore && page.items.length > 0;
    }
  }, [conversationId]);

  useEffect(() => {
    if (!socket) return;
    const onConnect = () => {
      const others = conversation.participants.filter((p) => p.id !== me.id).map((p) => p.id);
      // Presence is asked once the room is joined: whoever shows as here can then be seen typing (the room relays
      // it), and no change falls between the answer and the room's events.
      socket.emit('conversation:join', { conversationId }, () => {
        if (!others.length) return;
        socket.emit('presence:query', { userIds: others }, (r) => {
          if (Array.isArray(r)) setPresence(Object.fromEntries(r.map((p) => [p.userId, p])));
        });
      });
      if (lastSeq.current > 0) void catchUp();
    };
    if (socket.connected) onConnect();
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, conversationId, conversation.participants, me.id, catchUp]);

  useSocketEvent(
    'message:new',
    useCallback(
      (m: Message) => {
        if (m.conversationId !== conversationId) return;
        setMessages((current) => merge(current, [m]));
        setTyping((t) => (m.sender ? { ...t, [m.sender.id]: 0 } : t));
      },
      [conversationId],
    ),
  );
  const replace = useCallback(
    (m: Message) => m.conversationId === conversationId && setMessages((current) => merge(current, [m])),
    [conversationId],
  );
  useSocketEvent('message:updated', replace);
  useSocketEvent('message:deleted', replace);
  useSocketEvent(
    'message:read',
    useCallback(
      (r: { conversationId: string; userId: string; seq: number }) => {
        if (r.conversationId === conversationId)
          setReadSeqs((s) => ({ ...s, [r.userId]: Math.max(s[r.userId] ?? 0, r.seq) }));
      },
      [conversationId],
    ),
  );
  useSocketEvent(
    'typing',
    useCallback(
      (t: { conversationId: string; userId: string; isTyping: boolean; expiresInMs: number }) => {
        if (t.conversationId !== conversationId || t.userId === me.id) return;
        setTyping((s) => ({ ...s, [t.userId]: t.isTyping ? Date.now() + t.expiresInMs : 0 }));
      },
      [conversationId, me.id],
    ),
  );
  useSocketEvent(
    'presence',
    useCallback((p: PresenceState) => setPresence((s) => ({ ...s, [p.userId]: p })), []),
  );

  // Typing indicators expire by themselves.
  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((s) => {
        const now = Date.now();
        const live = Object.entries(s).filter(([, until]) => until > now);
        return live.length === Object.keys(s).length ? s : Object.fromEntries(live);
      });
    }, 500);
    return () => clearInterval(timer);
  }, []);

  /** Marks everything up to the newest message read (on this device and the others). */
  const markRead = useCallback(() => {
    const seq = lastSeq.current;
    if (seq === 0 || (readSeqs[me.id] ?? 0) >= seq) return;
    setReadSeqs((s) => ({ ...s, [me.id]: seq }));
    if (socket?.connected) socket.emit('message:read', { conversationId, seq });
    else void postReadReceipt(conversationId, seq).catch(() => {});
  }, [socket, conversationId, me.id, readSeqs]);

  const lastTypingSent = useRef(0);
  const notifyTyping = useCallback(
    (isTyping: boolean) => {
      if (!socket?.connected) return;
      const now = Date.now();
      if (isTyping && now - lastTypingSent.current < TYPING_THROTTLE_MS) return;
      lastTypingSent.current = isTyping ? now : 0;
      socket.emit('typing', { conversationId, isTyping });
    },
    [socket, conversationId],
  );

  const setState = useCallback(
    (clientKey: string, patch: Pick<OutgoingMessage, 'state' | 'error'>) =>
      setOutgoing((list) => list.map((o) => (o.clientKey === clientKey ? { ...o, ...patch } : o))),
    [],
  );

  const deliver = useCallback(
    async (out: OutgoingMessage) => {
      const input = {
        conversationId,
        clientKey: out.clientKey,
        body: out.body,
        attachmentIds: out.attachments.map((a) => a.id),
      };
      let lastError: unknown = null;
      for (let attempt = 0; attempt < 4; attempt++) {
        try {
          let sent: { id: string; seq: number; createdAt: string };
          if (socket?.connected) {
            const ack: Ack<SendAck> = await socket.timeout(5_000).emitWithAck('message:send', input);
            if ('error' in ack) throw new ApiError(400, ack.error.code, ack.error.message);
            sent = ack;
          } else {
            const { clientKey, body, attachmentIds } = input;
            sent = await sendMessage(conversationId, { clientKey, body, attachmentIds });
          }
          const confirmed: Message = {
            id: sent.id,
            conversationId,
            seq: sent.seq,
            kind: 'text',
            body: out.body,
            sender: { id: me.id, firstName: me.firstName, lastName: me.lastName, role: me.role },
            attachments: out.attachments,
            editedAt: null,
            deletedAt: null,
            createdAt: sent.createdAt,
          };
          setMessages((current) => merge(current, [confirmed]));
          setOutgoing((list) => list.filter((o) => o.clientKey !== out.clientKey));
          outbox.drop(out.clientKey);
          return;
        } catch (e) {
          lastError = e;
          if (!navigator.onLine) {
            setState(out.clientKey, { state: 'waiting' }); // sent by the effect below when the network is back
            return;
          }
          // A refusal (invalid or forbidden) will not change on retry; a timeout or a lost connection may.
          if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
            outbox.drop(out.clientKey);
            break;
          }
          await wait(300 * 2 ** attempt);
        }
      }
      setState(out.clientKey, { state: 'failed', error: lastError });
    },
    [socket, conversationId, me, outbox, setState],
  );

  /** Sends the messages that waited for the network, once it is back (or at once, for those kept from before). */
  useEffect(() => {
    if (!online || loading) return;
    const waiting = outgoingNow.current.filter((o) => o.state === 'waiting');
    if (waiting.length === 0) return;
    outgoingNow.current = outgoingNow.current.map((o) =>
      o.state === 'waiting' ? { ...o, state: 'sending' } : o,
    );
    setOutgoing(outgoingNow.current);
    for (const out of waiting) void deliver(out);
  }, [online, loading, deliver]);

  const send = useCallback(
    (body: string, attachments: Attachment[]) => {
      const out: OutgoingMessage = {
        clientKey: uuidv7(),
        body,
        attachments,
        createdAt: new Date().toISOString(),
        state: navigator.onLine ? 'sending' : 'waiting',
      };
      const { clientKey, createdAt } = out;
      outbox.keep({ conversationId, clientKey, body, attachments, createdAt });
      setOutgoing((list) => [...list, out]);
      notifyTyping(false);
      if (out.state === 'sending') void deliver(out);
    },
    [deliver, notifyTyping, outbox, conversationId],
  );

  const retry = useCallback(
    (clientKey: string) => {
      const out = outgoing.find((o) => o.clientKey === clientKey);
      if (!out) return;
      setState(clientKey, { state: 'sending', error: undefined });
      void deliver({ ...out, state: 'sending' });
    },
    [outgoing, deliver, setState],
  );

  /** Edits (within the window) or deletes one of the reader's own messages; the server keeps the history. */
  const revise = useCallback(async (messageId: string, body: string | null) => {
    const updated = body === null ? await deleteMessage(messageId) : await editMessage(messageId, body);
    setMessages((current) => merge(current, [updated]));
  }, []);

  const typingUsers = Object.entries(typing)
    .filter(([, until]) => until > Date.now())
    .map(([userId]) => conversation.participants.find((p) => p.id === userId))
    .filter((p) => p !== undefined);

  return {
    messages,
    outgoing,
    loading,
    error: newest.error,
    hasOlder: olderCursor !== null,
    loadOlder,
    send,
    retry,
    revise,
    markRead,
    notifyTyping,
    readSeqs,
    typingUsers,
    presence,
  };
}
