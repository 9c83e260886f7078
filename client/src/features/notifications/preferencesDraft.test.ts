import { describe, expect, it } from 'vitest';
import { ruleOf, typesForRole } from '../../../../common/notification-catalogue.ts';
import type { NotificationPreferences } from '../../../../common/notifications.ts';
import { draftOf, inputOf } from './preferencesDraft.ts';

const saved = (fields: Partial<NotificationPreferences> = {}): NotificationPreferences => ({
  channels: {},
  quietHours: null,
  timeZone: 'Europe/Paris',
  locale: 'fr',
  digest: 'off',
  ...fields,
});

describe('the preferences form', () => {
  it('shows only the types of the user’s role', () => {
    const draft = draftOf(saved(), 'client', 'Europe/Paris');
    expect(Object.keys(draft.channels)).toEqual(typesForRole('client'));
    expect(draft.channels['expert_request.created']).toBeUndefined();
  });

  it('fills the cells the user never changed with the role’s defaults, and keeps the changed ones', () => {
    const draft = draftOf(
      saved({ channels: { 'message.new': { in_app: true, email: false, push: true } } }),
      'expert',
      'Europe/Paris',
    );
    expect(draft.channels['message.new']).toEqual({ in_app: true, email: false, push: true });
    expect(draft.channels['review.created']).toEqual(ruleOf('review.created').defaults);
  });

  it('keeps security notices at their defaults whatever was saved', () => {
    const draft = draftOf(
      saved({ channels: { 'security.new_sign_in': { in_app: false, email: false, push: false } } }),
      'client',
      'Europe/Paris',
    );
    expect(draft.channels['security.new_sign_in']).toEqual(ruleOf('security.new_sign_in').defaults);
  });

  it('offers the device’s time zone while nothing is scheduled, and keeps the saved one once something is', () => {
    expect(draftOf(saved(), 'client', 'America/Montreal').timeZone).toBe('America/Montreal');
    const quiet = saved({ quietHours: { start: '22:00', end: '07:00' }, timeZone: 'Asia/Tokyo' });
    expect(draftOf(quiet, 'client', 'America/Montreal').timeZone).toBe('Asia/Tokyo');
    const digest = saved({ digest: 'weekly', timeZone: 'Asia/Tokyo' });
    expect(draftOf(digest, 'client', 'America/Montreal').timeZone).toBe('Asia/Tokyo');
  });

  it('sends the cells of the role’s types as edited', () => {
    const draft = draftOf(saved(), 'client', 'Europe/Paris');
    draft.channels['message.new'] = { in_app: true, email: false, push: false };
    const input = inputOf(draft);
    expect(input.channels?.['message.new']).toEqual({ in_app: true, email: false, push: false });
    expect(input.channels?.['expert_request.created']).toBeUndefined();
  });

  it('never sends a security notice’s cells, which are not the user’s to change', () => {
    const draft = draftOf(saved(), 'client', 'Europe/Paris');
    draft.channels['security.password_changed'] = { in_app: false, email: false, push: false };
    expect(inputOf(draft).channels?.['security.password_changed']).toBeUndefined();
  });

  it('sends the schedule and the language as edited', () => {
    const draft = {
      ...draftOf(saved(), 'client', 'Europe/Paris'),
      digest: 'daily' as const,
      locale: 'en' as const,
    };
    const input = inputOf({ ...draft, quietHours: { start: '21:30', end: '06:45' } });
    expect(input).toMatchObject({
      quietHours: { start: '21:30', end: '06:45' },
      timeZone: 'Europe/Paris',
      locale: 'en',
      digest: 'daily',
    });
  });
});
