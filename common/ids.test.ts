import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('makes UUID v7 ids, ordered by time and by creation within a millisecond', () => {
    const at = Date.now();
    const ids = Array.from({ length: 100 }, () => uuidv7(at));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(uuidv7(at + 1) > ids.at(-1)!).toBe(true);
  });

  it('starts with the 48 bits of its millisecond, big-endian', () => {
    expect(uuidv7(0x0123_4567_89ab)).toMatch(/^01234567-89ab-7/);
    expect(uuidv7(0xffff_ffff_ffff)).toMatch(/^ffffffff-ffff-7/);
  });
});
