import { z } from 'zod';
import { EVERY_ROOM, RecentEmits } from './recent-emits.ts';
import { failureOf } from './socket-guard.ts';
import type { AppServer, AppSocket } from './sockets.ts';

/** How far the instances' clocks may be apart: a send this long before a page's `since` counts as after it. */
const CLOCK_SKEW_MS = 1000;

const missedInput = z.object({ since: z.number().int().nonnegative() });

export type MissedEventsDeps = {
  io: AppServer;
  now: () => number;
  /** Whether other instances share the rooms (Redis): they are asked too. */
  fleet: () => boolean;
  /** Work under way that a shutdown waits for. */
  track: <T>(work: Promise<T>) => Promise<T>;
  log?: (error: unknown, context: string) => void;
};

/**
 * What a socket missed before it connected: the rooms this instance sent events to lately (`record`), and the
 * `sync:missed` question of a socket whose page read its data at `since` (the server's epoch ms). The page reads its
 * data again only when an event may have gone to one of the socket's rooms since, on any instance.
 */
export class MissedEvents {
  private readonly recent: RecentEmits;
  private readonly deps: MissedEventsDeps;

  constructor(deps: MissedEventsDeps) {
    this.deps = deps;
    this.recent = new RecentEmits(deps.now);
    // Another instance asks for a socket that opened there.
    deps.io.on('sync:sent-since', (input, ack) => {
      ack(this.recent.sentSince(new Set(input.rooms), input.since));
    });
  }

  /** A send to these rooms, but for the sockets in `except` (a room or a socket). */
  record(rooms: string | string[], except?: string): void {
    this.recent.record(rooms, except);
  }

  /** Something that concerned every user went only to the sockets connected now (an announcement). */
  recordForEveryone(): void {
    this.recent.record(EVERY_ROOM);
  }

  /**
   * Answers the socket's `sync:missed` (it may ask as soon as it is connected) once `joined` says it is in all its
   * rooms.
   */
  answer(socket: AppSocket, joined: Promise<void>): void {
    socket.on('sync:missed', (input: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      this.deps
        .track(joined.then(() => this.sentSince(socket, missedInput.parse(input).since - CLOCK_SKEW_MS)))
        .then(
          (missed) => reply({ missed }),
          (error) => reply({ error: failureOf(error, (e, c) => this.deps.log?.(e, c), 'socket sync') }),
        );
    });
  }

  /**
   * Whether an event may have gone to one of the socket's rooms since `since`, on this instance or another: true
   * too when an instance cannot tell or does not answer in time.
   */
  private async sentSince(socket: AppSocket, since: number): Promise<boolean> {
    if (this.recent.sentSince(socket.rooms, since)) return true;
    if (!this.deps.fleet()) return false;
    try {
      // Bounded by the adapter's requests timeout.
      const answers: unknown[] = await this.deps.io.serverSideEmitWithAck('sync:sent-since', {
        rooms: [...socket.rooms],
        since,
      });
      return answers.some((sent) => sent !== false);
    } catch {
      return true;
    }
  }
}
