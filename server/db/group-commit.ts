/**
 * Writes that arrive while `lanes` groups are committing wait, then commit together as the next group, in one
 * statement: one WAL flush for the group instead of one each, the flush being what a busy server's writes wait on. A
 * write that finds a lane free goes at once, so a quiet server adds no delay; two lanes let a write start while
 * another commits (PostgreSQL then flushes both commits at once when they meet) instead of waiting for it. When a
 * group of several fails because of one of its writes (`itemMayBeAtFault`: not, for instance, a database that is
 * down), each of its writes runs again alone, in order (nothing of the group was committed), so that the bad one
 * fails alone; otherwise every write of the group fails with the group's error.
 *
 * `write` receives the group's items in arrival order and answers one result per item, in the same order.
 */
export function createGroupCommit<I, O>(
  write: (items: I[]) => Promise<O[]>,
  options: { lanes?: number; maxGroupSize?: number; itemMayBeAtFault?: (error: unknown) => boolean } = {},
): (item: I) => Promise<O> {
  const { lanes = 2, maxGroupSize = 100, itemMayBeAtFault = () => true } = options;
  type Waiting = { item: I; resolve: (result: O) => void; reject: (error: unknown) => void };
  const queue: Waiting[] = [];
  let inFlight = 0;

  const commit = async (group: Waiting[]): Promise<void> => {
    try {
      const results = await write(group.map((w) => w.item));
      for (const [i, w] of group.entries()) w.resolve(results[i] as O);
    } catch (error) {
      if (group.length === 1 || !itemMayBeAtFault(error)) for (const w of group) w.reject(error);
      else for (const w of group) await commit([w]);
    }
  };

  const lane = async () => {
    inFlight += 1;
    while (queue.length > 0) await commit(queue.splice(0, maxGroupSize));
    inFlight -= 1;
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (inFlight < lanes) void lane();
    });
}
