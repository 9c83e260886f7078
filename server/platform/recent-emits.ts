/** How long this instance remembers which rooms it sent events to. */
export const RECENT_EMITS_KEPT_MS = 5 * 60_000;
/** At most this many sends remembered: past it, the oldest are forgotten before their time. */
const MOST_KEPT = 20_000;

/** Stands for every room: an event that concerned everyone went only to the sockets connected at the time. */
export const EVERY_ROOM = '*';

/**
 * Which rooms this instance sent events to lately, and when: a socket that opens after its page read its data asks
 * whether anything was sent since to the rooms it is in, that it would have heard had it been there
 * (`RealtimeHub`, `sync:missed`). Times are this server's clock (epoch ms).
 */
export class RecentEmits {
  /** Oldest first; those before `first` are forgotten (dropped from the array in batches). */
  private sends: { at: number; rooms: readonly string[]; except?: string }[] = [];
  private first = 0;
  /** Every send since this time is remembered (the process's start, then the last send forgotten). */
  private completeSince: number;
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
    this.completeSince = now();
  }

  /** A send to these rooms, but for the sockets in `except` (a room or a socket). */
  record(rooms: string | readonly string[], except?: string): void {
    const at = this.now();
    this.sends.push({ at, rooms: typeof rooms === 'string' ? [rooms] : rooms, except });
    this.forget(at);
  }

  /**
   * Whether an event may have gone at `since` or later to a socket in these rooms (a socket's id is one of its
   * rooms): true when one did, and when this instance cannot tell (it does not remember that far back).
   */
  sentSince(rooms: ReadonlySet<string>, since: number): boolean {
    this.forget(this.now());
    if (since < this.completeSince) return true;
    for (let i = this.sends.length - 1; i >= this.first && this.sends[i]!.at >= since; i--) {
      const send = this.sends[i]!;
      if (send.except !== undefined && rooms.has(send.except)) continue;
      if (send.rooms.some((room) => room === EVERY_ROOM || rooms.has(room))) return true;
    }
    return false;
  }

  private forget(now: number): void {
    const { sends } = this;
    let first = this.first;
    while (
      first < sends.length &&
      (sends[first]!.at < now - RECENT_EMITS_KEPT_MS || sends.length - first > MOST_KEPT)
    ) {
      this.completeSince = sends[first]!.at + 1;
      first++;
    }
    this.first = first;
    if (first > MOST_KEPT / 2 && first * 2 > sends.length) {
      this.sends = sends.slice(first);
      this.first = 0;
    }
  }
}
