import { z } from 'zod';
import { readInput, sendMessageInput, TYPING_THROTTLE_MS, TYPING_TTL_MS } from '../../../common/messaging.ts';
import { AppError } from '../../platform/errors.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { failureOf } from '../../platform/socket-guard.ts';
import { type AppSocket, rooms } from '../../platform/sockets.ts';
import { toSendAck } from './messaging.presenter.ts';
import type { Messaging } from './messaging.services.ts';

const conversationRef = z.object({ conversationId: z.string().uuid() });
const sendEvent = z.intersection(conversationRef, sendMessageInput);
const readEvent = conversationRef.extend(readInput.shape);
const typingEvent = conversationRef.extend({ isTyping: z.boolean() });
const presenceQuery = z.object({ userIds: z.array(z.string().uuid()).max(200) });

/** Sends of one socket waiting to be stored, beyond which it is refused (429). */
const MAX_QUEUED_SENDS = 50;

type Failure = { error: { code: string; message: string; details?: unknown } };

/** The answer to a failed event: built like an HTTP error (invalid input included), logged when it is a fault. */
function failure(error: unknown, log: (error: unknown, context: string) => void): Failure {
  return { error: failureOf(error, log, 'socket event') };
}

/** Socket events of messaging, with the same rules as the REST routes (the service applies them). */
export function registerMessagingSocket(
  hub: RealtimeHub,
  { conversations, messages, participation }: Messaging,
  log: (error: unknown, context: string) => void = () => {},
) {
  hub.onConnection((socket: AppSocket) => {
    const user = { ...socket.data.user };
    const actor = { id: user.id, role: user.role, companyId: user.companyId };
    // Listeners are set up at once (a client may emit as soon as it is connected); they wait for the rooms. A
    // failed lookup (database unavailable) fails the events waiting for it and is tried again by the next one.
    let joined: Promise<void> | null = null;
    const ready = (): Promise<void> =>
      (joined ??= conversations.conversationIdsOf(user.id).then(
        (ids) => {
          if (ids.length) socket.join(ids.map(rooms.conversation));
        },
        (error) => {
          joined = null;
          throw error;
        },
      ));

    /** Runs a handler and answers its acknowledgement, if the client asked for one, success or failure. */
    const handle =
      <T>(work: (input: unknown) => Promise<T>) =>
      (input: unknown, ack?: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (r: T | Failure) => void) : () => {};
        ready()
          .then(() => work(input))
          .then(reply, (error) => reply(failure(error, log)));
      };

    // One socket's messages are persisted one after the other, so they keep the order the user sent them in.
    let sending: Promise<unknown> = Promise.resolve();
    let queued = 0;
    socket.on('message:send', (input: unknown, ack?: unknown) => {
      let answered = false;
      const reply = (response: unknown) => {
        if (answered || typeof ack !== 'function') return;
        answered = true;
        (ack as (r: unknown) => void)(response);
      };
      // A socket that sends faster than its messages are stored is flooding: refuse rather than queue forever.
      if (queued >= MAX_QUEUED_SENDS) {
        reply(failure(new AppError(429, 'RATE_LIMITED', 'Trop de messages, réessayez dans un instant'), log));
        return;
      }
      queued++;
      const run = sending
        .then(ready)
        .then(async () => {
          // Its socket is gone (an instance draining, a network cut): nobody can be told it was stored, so the
          // client sends it again with its key, and storing it now would only be work.
          if (socket.disconnected) return;
          const parsed = sendEvent.parse(input);
          await messages.send(
            user,
            parsed.conversationId,
            { clientKey: parsed.clientKey, body: parsed.body, attachmentIds: parsed.attachmentIds },
            // Persisted, acknowledged, then broadcast.
            { exceptSocket: socket.id, onStored: (result) => reply(toSendAck(result)) },
          );
          stopTyping(parsed.conversationId);
        })
        .catch((error) => reply(failure(error, log)));
      sending = hub.track(run.finally(() => queued--));
    });

    socket.on(
      'message:read',
      handle(async (input) => {
        const parsed = readEvent.parse(input);
        return messages.markRead(actor, parsed.conversationId, parsed.seq);
      }),
    );

    socket.on(
      'conversation:join',
      handle(async (input) => {
        const { conversationId } = conversationRef.parse(input);
        // Refused exactly like history: a non-participant learns nothing about the conversation.
        if (!(await participation.isParticipant(actor, conversationId))) {
          throw new AppError(404, 'NOT_FOUND', 'Conversation introuvable');
        }
        socket.join(rooms.conversation(conversationId));
        return { ok: true as const };
      }),
    );

    socket.on(
      'presence:query',
      handle(async (input) => {
        const { userIds } = presenceQuery.parse(input);
        // Only people the user talks with: presence is not a directory of who is online.
        const contacts = await conversations.contactsAmong(user.id, [...new Set(userIds)]);
        return hub.presenceOf(contacts);
      }),
    );

    // Typing: at most one relay per throttle interval; each indicator ends by itself after its TTL.
    const lastRelayed = new Map<string, number>();
    const expiry = new Map<string, NodeJS.Timeout>();
    const emitTyping = (conversationId: string, isTyping: boolean) =>
      socket.to(rooms.conversation(conversationId)).emit('typing', {
        conversationId,
        userId: user.id,
        isTyping,
        expiresInMs: isTyping ? TYPING_TTL_MS : 0,
      });
    const stopTyping = (conversationId: string) => {
      const timer = expiry.get(conversationId);
      if (!timer) return;
      clearTimeout(timer);
      expiry.delete(conversationId);
      lastRelayed.delete(conversationId);
      emitTyping(conversationId, false);
    };

    // No acknowledgement to answer: a failure comes back as an `error` event, never as an unhandled rejection.
    socket.on('typing', (input: unknown) => {
      ready()
        .then(() => onTyping(input))
        .catch((error) => socket.emit('error', { event: 'typing', ...failure(error, log).error }));
    });
    const onTyping = (input: unknown) => {
      const parsed = typingEvent.safeParse(input);
      if (!parsed.success) return;
      const { conversationId, isTyping } = parsed.data;
      // Socket rooms are the participation check: only conversations this socket was allowed into.
      if (!socket.rooms.has(rooms.conversation(conversationId))) return;
      if (!isTyping) return stopTyping(conversationId);
      const now = Date.now();
      const previous = expiry.get(conversationId);
      if (previous) clearTimeout(previous);
      expiry.set(
        conversationId,
        setTimeout(() => stopTyping(conversationId), TYPING_TTL_MS),
      );
      if (now - (lastRelayed.get(conversationId) ?? 0) < TYPING_THROTTLE_MS) return;
      lastRelayed.set(conversationId, now);
      emitTyping(conversationId, true);
    };

    socket.on('disconnect', () => {
      for (const conversationId of [...expiry.keys()]) stopTyping(conversationId);
    });
    // The connection goes on without its conversation rooms if they cannot be read now: its next event retries.
    return ready().catch((error) => log(error, 'socket rooms'));
  });
}
