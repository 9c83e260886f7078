import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A write whose groups the test sees, and whose commits the test ends one at a time. */
function recordedWrite(fails: (item: string) => boolean = () => false) {
  const groups: string[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: string[]) => {
    groups.push(items);
    return new Promise<string[]>((resolve, reject) => {
      pending.push(() =>
        items.some(fails) ? reject(new Error('bad item')) : resolve(items.map((i) => i.toUpperCase())),
      );
    });
  };
  /** Ends the oldest commit in flight, and lets the next group start. */
  const commitNext = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { write, groups, commitNext };
}

describe('createGroupCommit', () => {
  it('writes a lone item at once, alone', async () => {
    const { write, groups, commitNext } = recordedWrite();
    const send = createGroupCommit(write, { lanes: 1 });
    const result = send('a');
    expect(groups).toEqual([['a']]);
    await commitNext();
    expect(await result).toBe('A');
  });

  it('commits the items that arrived during a commit together, in arrival order, each with its own result', async () => {
    const { write, groups, commitNext } = recordedWrite();
    const send = createGroupCommit(write, { lanes: 1 });
    const results = [send('a'), send('b'), send('c'), send('d')];
    expect(groups).toEqual([['a']]);
    await commitNext();
    expect(groups).toEqual([['a'], ['b', 'c', 'd']]);
    await commitNext();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('starts a second lane at once while one commits, then groups what arrives while both do', async () => {
    const { write, groups, commitNext } = recordedWrite();
    const send = createGroupCommit(write, { lanes: 2 });
    const results = ['a', 'b', 'c', 'd'].map(send);
    expect(groups).toEqual([['a'], ['b']]);
    await commitNext();
    expect(groups).toEqual([['a'], ['b'], ['c', 'd']]);
    await commitNext();
    await commitNext();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('keeps at most one group per lane in flight and caps its size', async () => {
    const { write, groups, commitNext } = recordedWrite();
    const send = createGroupCommit(write, { lanes: 1, maxGroupSize: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map(send);
    await commitNext();
    expect(groups).toEqual([['a'], ['b', 'c']]);
    await commitNext();
    expect(groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
    await commitNext();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('writes again alone, one after the other in order, each item of a failed group: only the bad one fails', async () => {
    const { write, groups, commitNext } = recordedWrite((item) => item === 'bad');
    const send = createGroupCommit(write, { lanes: 1 });
    const first = send('a');
    const outcomes = Promise.allSettled([send('b'), send('bad'), send('c')]);
    await commitNext();
    await commitNext();
    expect(groups).toEqual([['a'], ['b', 'bad', 'c'], ['b']]);
    await commitNext();
    expect(groups.at(-1)).toEqual(['bad']);
    await commitNext();
    expect(groups.at(-1)).toEqual(['c']);
    await commitNext();
    expect(await first).toBe('A');
    expect(await outcomes).toEqual([
      { status: 'fulfilled', value: 'B' },
      { status: 'rejected', reason: new Error('bad item') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('fails every item of a group with its error when no item can be at fault (the database is down)', async () => {
    const { write, groups, commitNext } = recordedWrite((item) => item === 'bad');
    const send = createGroupCommit(write, { lanes: 1, itemMayBeAtFault: () => false });
    const first = send('a');
    const outcomes = Promise.allSettled([send('b'), send('bad')]);
    await commitNext();
    await commitNext();
    expect(await first).toBe('A');
    expect(await outcomes).toEqual([
      { status: 'rejected', reason: new Error('bad item') },
      { status: 'rejected', reason: new Error('bad item') },
    ]);
    expect(groups).toEqual([['a'], ['b', 'bad']]);
  });

  it('starts again at once after the queue emptied', async () => {
    const { write, groups, commitNext } = recordedWrite();
    const send = createGroupCommit(write, { lanes: 1 });
    const first = send('a');
    await commitNext();
    await first;
    const second = send('b');
    expect(groups).toEqual([['a'], ['b']]);
    await commitNext();
    expect(await second).toBe('B');
  });
});
