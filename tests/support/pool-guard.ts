import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectionBuilder, TransactionBuilder } from 'kysely';
import type pg from 'pg';

/**
 * Fails a test when code asks the pool for a connection while the same async flow already holds one (inside
 * `db.transaction().execute` or `db.connection().execute`): with as many such flows as the pool has connections,
 * each waits for a second connection that none will give back, and the server hangs.
 *
 * Flows that hold a connection are marked in an AsyncLocalStorage; a guarded pool's `connect` refuses (throws, and
 * records the offence for `assertNoNestedAcquisition`) when called from a marked flow.
 */
type Held = { holding: boolean };
const held = new AsyncLocalStorage<Held>();

let installed = false;
function markHoldingFlows() {
  if (installed) return;
  installed = true;
  for (const builder of [TransactionBuilder.prototype, ConnectionBuilder.prototype]) {
    const execute = builder.execute as (
      this: unknown,
      callback: (arg: unknown) => unknown,
    ) => Promise<unknown>;
    (builder as { execute: unknown }).execute = function (
      this: unknown,
      callback: (arg: unknown) => unknown,
    ) {
      return execute.call(this, async (arg: unknown) => {
        const state: Held = { holding: true };
        try {
          return await held.run(state, () => callback(arg));
        } finally {
          // Work started inside the callback and still running afterwards no longer holds the connection.
          state.holding = false;
        }
      });
    };
  }
}

export class NestedAcquisitionError extends Error {
  override name = 'NestedAcquisitionError';
}

export type PoolGuard = {
  /** The nested acquisitions seen so far (their stacks point at the offending code). */
  readonly offences: NestedAcquisitionError[];
  /** Throws when any nested acquisition happened. */
  assertNoNestedAcquisition(): void;
};

export function guardPool(pool: pg.Pool): PoolGuard {
  markHoldingFlows();
  const offences: NestedAcquisitionError[] = [];
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (held.getStore()?.holding) {
      const error = new NestedAcquisitionError(
        'A second pool connection was requested while this flow holds one (read through the transaction instead)',
      );
      offences.push(error);
      if (typeof args[0] === 'function') {
        (args[0] as (error: Error) => void)(error);
        return undefined;
      }
      return Promise.reject(error);
    }
    return connect(...args);
  };
  return {
    offences,
    assertNoNestedAcquisition() {
      if (offences.length === 0) return;
      const stacks = offences.map((o) => o.stack).join('\n\n');
      throw new NestedAcquisitionError(`${offences.length} nested pool acquisition(s):\n${stacks}`);
    },
  };
}
