import { describe, expect, it } from 'vitest';
import { TokenService } from './tokens.ts';

const tokens = new TokenService('a-secret-of-at-least-thirty-two-characters', 900);
const familyId = '01a23638-55bb-7070-bf00-efeb99e98826';

describe('page credentials', () => {
  it('name the session they were signed for', () => {
    expect(tokens.verifyPageSession(tokens.signPageSession(familyId))).toBe(familyId);
  });

  it('are refused when signed with another secret', () => {
    const other = new TokenService('another-secret-of-at-least-thirty-two-chars', 900);
    expect(tokens.verifyPageSession(other.signPageSession(familyId))).toBeNull();
  });

  it('are refused when the session they name was changed', () => {
    const [, signature] = tokens.signPageSession(familyId).split('.');
    expect(tokens.verifyPageSession(`01a23638-55bb-7070-bf00-efeb99e98827.${signature}`)).toBeNull();
  });

  it.each(['', '.', 'no-signature', `${familyId}.`, `.${'A'.repeat(43)}`])('refuse %j', (credential) => {
    expect(tokens.verifyPageSession(credential)).toBeNull();
  });
});
