import { describe, expect, it } from 'vitest';
import { notificationTypes } from '../../../common/notifications.ts';
import { sampleData } from './notifications.factories.ts';
import { browserOf } from './notifications.subscribers.ts';
import { renderNotification, searchTextOf } from './templates.ts';

describe('notification texts', () => {
  it.each(notificationTypes)('renders %s in French and English, with no empty text', (type) => {
    const fr = renderNotification(type, sampleData[type], 'fr');
    const en = renderNotification(type, sampleData[type], 'en');
    for (const text of [fr.title, fr.body, fr.action, en.title, en.body, en.action]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/undefined|null|\[object/);
    }
    expect(en).not.toEqual(fr);
  });

  it('counts the messages of a grouped notification in its title', () => {
    const data = sampleData['message.new'];
    expect(renderNotification('message.new', data, 'fr', 3).title).toBe(
      '3 nouveaux messages de Marie Dupont',
    );
    expect(renderNotification('message.new', data, 'en', 3).title).toBe('3 new messages from Marie Dupont');
    expect(renderNotification('message.new', data, 'fr', 1).title).toBe('Nouveau message de Marie Dupont');
  });

  it('names an attachment when a message has no text', () => {
    const data = { ...sampleData['message.new'], excerpt: '' };
    expect(renderNotification('message.new', data, 'fr').body).toBe('Pièce jointe');
    expect(renderNotification('message.new', data, 'en').body).toBe('Attachment');
  });

  it('names dossier statuses in the reader’s language', () => {
    const data = sampleData['dossier.status_changed'];
    expect(renderNotification('dossier.status_changed', data, 'fr').title).toBe(
      'Dossier FT-2026-00042 : Audit en cours',
    );
    expect(renderNotification('dossier.status_changed', data, 'en').title).toBe(
      'File FT-2026-00042: Audit in progress',
    );
  });

  it('keeps both languages for the search', () => {
    const text = searchTextOf('announcement', sampleData.announcement);
    expect(text).toContain('Maintenance samedi');
    expect(text).toContain('Maintenance on Saturday');
  });
});

describe('a sign-in’s browser', () => {
  it('is named by its browser and system, or shown as given when unknown', () => {
    expect(browserOf('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox · Linux',
    );
    expect(
      browserOf(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      ),
    ).toBe('Edge · Windows');
    expect(browserOf('curl/8.5.0')).toBe('curl/8.5.0');
  });
});
