import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBodyOf } from './error-body.ts';
import { AppError } from './errors.ts';
import { failureOf } from './socket-guard.ts';

const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const invalidInput = (() => {
  const parsed = z.object({ conversationId: z.string().uuid() }).safeParse({ conversationId: 'x' });
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
})();

describe('errorBodyOf', () => {
  it('answers a refusal with its status, code, message and details', () => {
    const error = new AppError(409, 'MESSAGE_EDIT_WINDOW_CLOSED', 'Trop tard', { windowMs: 900_000 });
    expect(errorBodyOf(error)).toEqual({
      status: 409,
      body: {
        error: { code: 'MESSAGE_EDIT_WINDOW_CLOSED', message: 'Trop tard', details: { windowMs: 900_000 } },
      },
    });
  });

  it('logs the internal note of a refusal and never sends it', () => {
    const error = new AppError(422, 'EXPERT_NOT_AVAILABLE', 'Cet expert n’est pas validé', undefined, {
      internal: 'expert 42 is pending',
    });
    const answer = errorBodyOf(error);
    expect(answer.log).toEqual({ level: 'info', message: 'expert 42 is pending' });
    expect(JSON.stringify(answer.body)).not.toContain('expert 42');
  });

  it('answers invalid input with one detail per issue', () => {
    const answer = errorBodyOf(invalidInput);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    expect(answer.body.error.details).toEqual([{ path: 'conversationId', message: expect.any(String) }]);
    expect(answer.log).toBeUndefined();
  });

  it('answers a database outage with 503 and a retry delay, logged as a warning', () => {
    expect(errorBodyOf(outage)).toMatchObject({
      status: 503,
      body: { error: { code: 'SERVICE_UNAVAILABLE' } },
      retryAfterSeconds: 5,
      log: { level: 'warn' },
    });
  });

  it('answers text the database cannot hold (a NUL) as invalid input, logged as a warning', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    expect(errorBodyOf(nul)).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_ERROR' } },
      log: { level: 'warn' },
    });
  });

  it('hides an unexpected error behind INTERNAL_ERROR and logs it as an error', () => {
    const answer = errorBodyOf(new TypeError('cannot read properties of undefined (reading "id")'));
    expect(answer).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL_ERROR', message: 'Erreur interne' } },
      log: { level: 'error', message: 'unhandled error' },
    });
  });

  it('gives a framework error that carries only a status its generic code', () => {
    const tooMany = Object.assign(new Error('Rate limit exceeded, retry in 1 minute'), { statusCode: 429 });
    expect(errorBodyOf(tooMany).body.error).toEqual({
      code: 'RATE_LIMITED',
      message: 'Trop de requêtes, réessayez plus tard',
    });
  });
});

describe('failureOf (sockets)', () => {
  it.each([
    ['a refusal', new AppError(410, 'MESSAGE_DELETED', 'Ce message a été supprimé')],
    ['invalid input', invalidInput],
    ['a database outage', outage],
    ['an unexpected error', new Error('boom')],
  ])('answers %s with the body an HTTP request gets', (_what, error) => {
    expect(failureOf(error, () => {}, 'socket event')).toEqual(errorBodyOf(error).body.error);
  });

  it('logs what the HTTP handler logs, and only that', () => {
    const logged: string[] = [];
    const log = (_error: unknown, context: string) => logged.push(context);
    failureOf(new AppError(404, 'NOT_FOUND', 'Conversation introuvable'), log, 'refusal');
    failureOf(outage, log, 'outage');
    failureOf(new Error('boom'), log, 'bug');
    expect(logged).toEqual(['outage', 'bug']);
  });
});
