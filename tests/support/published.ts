import type { DomainEvents } from '../../server/platform/events.ts';
import type { TestApp } from './test-app.ts';

/** Collects the payloads of one domain event the app publishes while `work` runs. */
export async function published<K extends keyof DomainEvents>(
  t: TestApp,
  event: K,
  work: () => Promise<unknown>,
): Promise<DomainEvents[K][]> {
  const seen: DomainEvents[K][] = [];
  const stop = t.app.services.events.subscribe(event, (payload) => {
    seen.push(payload);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}
