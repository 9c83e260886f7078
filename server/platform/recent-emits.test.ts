import { describe, expect, it } from 'vitest';
import { EVERY_ROOM, RECENT_EMITS_KEPT_MS, RecentEmits } from './recent-emits.ts';

/** A journal on a clock the test moves, started at 1,000,000 ms. */
function journal() {
  let now = 1_000_000;
  const recent = new RecentEmits(() => now);
  return {
    recent,
    advance: (ms: number) => {
      now += ms;
      return now;
    },
  };
}

const rooms = (...names: string[]) => new Set(names);

describe('RecentEmits', () => {
  it('tells a send to one of the rooms at or after the time asked about', () => {
    const { recent, advance } = journal();
    const since = advance(10);
    recent.record(['user:a', 'user:b']);
    expect(recent.sentSince(rooms('user:b'), since)).toBe(true);
  });

  it('ignores a send to other rooms', () => {
    const { recent, advance } = journal();
    const since = advance(10);
    recent.record('user:a');
    expect(recent.sentSince(rooms('user:b', 'conv:1'), since)).toBe(false);
  });

  it('ignores a send before the time asked about', () => {
    const { recent, advance } = journal();
    advance(10);
    recent.record('user:a');
    const since = advance(1);
    expect(recent.sentSince(rooms('user:a'), since)).toBe(false);
  });

  it('ignores a send that left out one of the rooms', () => {
    const { recent, advance } = journal();
    const since = advance(10);
    recent.record(['conv:1', 'conv:2'], 'user:a');
    expect(recent.sentSince(rooms('user:a', 'conv:1'), since)).toBe(false);
    expect(recent.sentSince(rooms('user:b', 'conv:1'), since)).toBe(true);
  });

  it('counts a send to every room for any socket', () => {
    const { recent, advance } = journal();
    const since = advance(10);
    recent.record(EVERY_ROOM);
    expect(recent.sentSince(rooms('user:z'), since)).toBe(true);
  });

  it('cannot tell before it started: counts it as sent', () => {
    const { recent } = journal();
    expect(recent.sentSince(rooms('user:a'), 999_999)).toBe(true);
  });

  it('cannot tell once the sends of that time are forgotten: counts it as sent', () => {
    const { recent, advance } = journal();
    const since = advance(10);
    recent.record('user:a');
    advance(RECENT_EMITS_KEPT_MS + 1);
    expect(recent.sentSince(rooms('user:b'), since)).toBe(true);
  });

  it('still tells after forgetting what is older than the time asked about', () => {
    const { recent, advance } = journal();
    advance(10);
    recent.record('user:a');
    advance(RECENT_EMITS_KEPT_MS + 1);
    const since = advance(10);
    recent.record('user:b');
    expect(recent.sentSince(rooms('user:a'), since)).toBe(false);
    expect(recent.sentSince(rooms('user:b'), since)).toBe(true);
  });

  it('keeps telling correctly past the number of sends it keeps', () => {
    const { recent, advance } = journal();
    const early = advance(1);
    for (let i = 0; i < 50_000; i++) {
      advance(1);
      recent.record(`user:${i}`);
    }
    const since = advance(1);
    recent.record('user:last');
    expect(recent.sentSince(rooms('user:0'), early)).toBe(true);
    expect(recent.sentSince(rooms('user:49999'), since)).toBe(false);
    expect(recent.sentSince(rooms('user:last'), since)).toBe(true);
  });
});
