import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { failureLevel } from './failure-level.ts';

/** A server that accepts connections and never answers: a Redis too slow for any command timeout. */
const accepted: net.Socket[] = [];
const silent = net.createServer((socket) => accepted.push(socket));
afterAll(() => {
  for (const socket of accepted) socket.destroy();
  return new Promise<void>((resolve) => silent.close(() => resolve()));
});

async function redisTimeout(): Promise<unknown> {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const redis = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false, commandTimeout: 50 });
  // The timeout is also emitted as an event, which the product's clients log (the case under test).
  redis.on('error', () => {});
  try {
    return await redis.get('key').then(
      () => null,
      (error: unknown) => error,
    );
  } finally {
    redis.disconnect();
  }
}

describe('the level of a background failure', () => {
  it('is a warning for a Redis command that timed out', async () => {
    const error = await redisTimeout();
    expect(error).toBeInstanceOf(Error);
    expect(failureLevel(error)).toBe('warn');
  });

  it('is a warning for a database that refuses connections', () => {
    expect(failureLevel(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'warn',
    );
  });

  it('is an error otherwise', () => {
    expect(failureLevel(new Error('column "x" does not exist'))).toBe('error');
  });
});
