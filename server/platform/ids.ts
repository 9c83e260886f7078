import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * UUID v7 (RFC 9562): time-ordered, so primary keys stay index-friendly and sort by creation.
 * Ids made in the same millisecond by this process keep their creation order (12-bit counter, method 1).
 */
export function uuidv7(at: number = Date.now()): string {
  const bytes = randomBytes(16);
  if (at === lastMs && sequence < 0xfff) {
    sequence += 1;
  } else {
    lastMs = at;
    sequence = (bytes[6]! << 4) & 0x7ff;
  }
  const ms = BigInt(at);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
