let lastMs = -1;
let sequence = 0;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * UUID v7 (RFC 9562): time-ordered, so that keys stay index-friendly and sort by creation — the server's primary
 * keys, and the client keys of messages (a new key lands at the end of its sender's keys in the deduplication index,
 * not on a random page of it). Ids made in the same millisecond by this process keep their creation order (12-bit
 * counter, method 1). Web Crypto's random bytes, so that the server and the browser share it.
 */
export function uuidv7(at: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  if (at === lastMs && sequence < 0xfff) {
    sequence += 1;
  } else {
    lastMs = at;
    sequence = (bytes[6]! << 4) & 0x7ff;
  }
  // 48 bits of milliseconds, big-endian (division, not shifts: bitwise operators stop at 32 bits).
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(at / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
