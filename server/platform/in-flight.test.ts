import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.ts';

const settlingIn = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('work in flight', () => {
  it('settles once every tracked promise has, those tracked meanwhile included', async () => {
    const inFlight = new InFlight();
    const done: string[] = [];
    void inFlight.track(
      settlingIn(20).then(() => {
        done.push('first');
        void inFlight.track(settlingIn(20).then(() => done.push('second')));
      }),
    );
    expect(await inFlight.settled()).toBe(0);
    expect(done).toEqual(['first', 'second']);
  });

  it('stops waiting at its deadline and says how many still run', async () => {
    const inFlight = new InFlight();
    void inFlight.track(settlingIn(1000));
    void inFlight.track(Promise.reject(new Error('failed')).catch(() => {}));
    const started = Date.now();
    expect(await inFlight.settled(50)).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
