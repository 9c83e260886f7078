import { describe, expect, it } from 'vitest';
import { renderEmailLayout } from './mail-layout.ts';

const base = {
  title: 'Votre dossier a avancé',
  paragraphs: ['Bonjour Claire,', 'Le dossier TICPE-0042 est passé « En cours ».'],
  action: { label: 'Voir le dossier', url: 'https://app.example.fr/dossiers/42?tab=a&b=c' },
  footerLinks: {
    preferencesUrl: 'https://app.example.fr/notifications/preferences',
    unsubscribeUrl: 'https://app.example.fr/api/notifications/unsubscribe?token=abc',
  },
};

describe('renderEmailLayout', () => {
  it('declares the language of the e-mail on its html element', () => {
    expect(renderEmailLayout({ ...base, locale: 'fr' }).html).toMatch(/<html lang="fr"/);
    expect(renderEmailLayout({ ...base, locale: 'en' }).html).toMatch(/<html lang="en"/);
  });

  it('marks every layout table presentational and puts the title in the document title and a heading', () => {
    const { html } = renderEmailLayout({ ...base, locale: 'fr' });
    const tables = html.match(/<table[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect(table).toContain('role="presentation"');
    expect(html).toContain('<title>Votre dossier a avancé</title>');
    expect(html).toMatch(/<h1[^>]*>Votre dossier a avancé<\/h1>/);
  });

  it('makes the button a real link, and writes the link out for clients that hide it', () => {
    const { html } = renderEmailLayout({ ...base, locale: 'fr' });
    const href = 'href="https://app.example.fr/dossiers/42?tab=a&amp;b=c"';
    expect(html.match(/<a [^>]*>Voir le dossier<\/a>/)?.[0]).toContain(href);
    expect(html).toContain('>https://app.example.fr/dossiers/42?tab=a&amp;b=c</a>');
    expect(html).not.toMatch(/<img/);
  });

  it('escapes the texts it is given', () => {
    const { html } = renderEmailLayout({
      locale: 'fr',
      title: '<script>alert(1)</script>',
      paragraphs: ['Tom & "Jerry"'],
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; &quot;Jerry&quot;');
  });

  it('gives the French footer links in French', () => {
    const { html, text } = renderEmailLayout({ ...base, locale: 'fr' });
    expect(html).toMatch(
      /<a href="https:\/\/app.example.fr\/notifications\/preferences"[^>]*>Gérer mes notifications<\/a>/,
    );
    expect(html).toContain('>Se désabonner de ce type d’e-mail</a>');
    expect(text).toContain('Gérer mes notifications : https://app.example.fr/notifications/preferences');
    expect(text).toContain(
      'Se désabonner de ce type d’e-mail : https://app.example.fr/api/notifications/unsubscribe?token=abc',
    );
  });

  it('gives the English footer links in English', () => {
    const { html, text } = renderEmailLayout({ ...base, locale: 'en' });
    expect(html).toContain('>Manage my notifications</a>');
    expect(html).toContain('>Unsubscribe from this type of e-mail</a>');
    expect(text).toContain('Manage my notifications: https://app.example.fr/notifications/preferences');
  });

  it('leaves out the footer links it is not given', () => {
    const { html, text } = renderEmailLayout({ locale: 'fr', title: 'Titre', paragraphs: ['Texte'] });
    expect(html).not.toContain('Gérer mes notifications');
    expect(html).not.toContain('Se désabonner');
    expect(text).not.toContain('Se désabonner');
  });

  it('says the same in its plain-text part: title, paragraphs, list, link', () => {
    const { text } = renderEmailLayout({
      ...base,
      locale: 'fr',
      list: [{ text: 'Nouveau message', detail: '(et 2 autres)', url: 'https://app.example.fr/messages/1' }],
    });
    expect(text).toBe(
      `${[
        'Votre dossier a avancé',
        'Bonjour Claire,',
        'Le dossier TICPE-0042 est passé « En cours ».',
        '- Nouveau message (et 2 autres)\n  https://app.example.fr/messages/1',
        'Voir le dossier : https://app.example.fr/dossiers/42?tab=a&b=c',
        [
          '--',
          'Vous recevez cet e-mail parce que vous avez un compte FinancialTracker.',
          'Gérer mes notifications : https://app.example.fr/notifications/preferences',
          'Se désabonner de ce type d’e-mail : https://app.example.fr/api/notifications/unsubscribe?token=abc',
        ].join('\n'),
      ].join('\n\n')}\n`,
    );
  });
});
