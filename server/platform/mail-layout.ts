/**
 * The one layout of every e-mail: accessible HTML (language declared, layout tables marked presentational, a real
 * link as the button, the link also written out, no image needed) and the same content as plain text. Texts are
 * escaped here: callers pass plain strings.
 */
import type { EmailLocale } from './mailer.ts';

export type EmailListItem = { text: string; detail?: string; url?: string };

export type EmailLayoutInput = {
  locale: EmailLocale;
  title: string;
  paragraphs: string[];
  /** Lines under the paragraphs (a digest's notifications). */
  list?: EmailListItem[];
  action?: { label: string; url: string };
  footerLinks?: { preferencesUrl?: string; unsubscribeUrl?: string };
};

const footerTexts = {
  fr: {
    preferences: 'Gérer mes notifications',
    unsubscribe: 'Se désabonner de ce type d’e-mail',
    linkFallback: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
    why: 'Vous recevez cet e-mail parce que vous avez un compte FinancialTracker.',
  },
  en: {
    preferences: 'Manage my notifications',
    unsubscribe: 'Unsubscribe from this type of e-mail',
    linkFallback: 'If the button does not work, copy this link into your browser:',
    why: 'You receive this e-mail because you have a FinancialTracker account.',
  },
} satisfies Record<EmailLocale, Record<string, string>>;

const font = 'font-family:Arial,Helvetica,sans-serif;';
const style = {
  body: 'margin:0;padding:0;background-color:#f1f5f9;',
  card: 'max-width:600px;background-color:#ffffff;border:1px solid #e2e8f0;border-radius:8px;',
  brand: `padding:24px 32px 0;${font}font-size:15px;font-weight:bold;color:#1e3a8a;`,
  content: `padding:16px 32px 24px;${font}color:#0f172a;`,
  h1: 'margin:0 0 16px;font-size:22px;line-height:1.3;color:#0f172a;',
  p: 'margin:0 0 16px;font-size:16px;line-height:1.5;',
  list: 'margin:0 0 16px;padding-left:20px;font-size:15px;line-height:1.5;',
  detail: 'color:#475569;',
  // Dark blue on white text: a contrast above 7:1.
  button:
    'display:inline-block;padding:12px 24px;background-color:#1d4ed8;color:#ffffff;font-size:16px;' +
    'font-weight:bold;text-decoration:none;border-radius:6px;',
  fallback: 'margin:0 0 8px;font-size:13px;line-height:1.5;color:#475569;word-break:break-all;',
  link: 'color:#1d4ed8;text-decoration:underline;',
  footer: `padding:16px 32px 24px;border-top:1px solid #e2e8f0;${font}font-size:13px;line-height:1.5;color:#475569;`,
};

export function renderEmailLayout(input: EmailLayoutInput): { html: string; text: string } {
  return { html: renderHtml(input), text: renderText(input) };
}

function renderHtml({ locale, title, paragraphs, list, action, footerLinks }: EmailLayoutInput): string {
  const texts = footerTexts[locale];
  const link = (url: string, label: string) =>
    `<a href="${escapeHtml(url)}" style="${style.link}">${escapeHtml(label)}</a>`;
  const content = [
    `<h1 style="${style.h1}">${escapeHtml(title)}</h1>`,
    ...paragraphs.map((p) => `<p style="${style.p}">${escapeHtml(p)}</p>`),
  ];
  if (list?.length) {
    const items = list.map((item) => {
      const text = item.url ? link(item.url, item.text) : escapeHtml(item.text);
      const detail = item.detail ? ` <span style="${style.detail}">${escapeHtml(item.detail)}</span>` : '';
      return `<li style="margin:0 0 6px;">${text}${detail}</li>`;
    });
    content.push(`<ul style="${style.list}">${items.join('')}</ul>`);
  }
  if (action) {
    const url = escapeHtml(action.url);
    content.push(
      `<p style="margin:24px 0;"><a href="${url}" style="${style.button}">${escapeHtml(action.label)}</a></p>`,
      `<p style="${style.fallback}">${escapeHtml(texts.linkFallback)}<br>${link(action.url, action.url)}</p>`,
    );
  }
  const footer = [
    footerLinks?.preferencesUrl && link(footerLinks.preferencesUrl, texts.preferences),
    footerLinks?.unsubscribeUrl && link(footerLinks.unsubscribeUrl, texts.unsubscribe),
  ].filter(Boolean);
  return `<!DOCTYPE html>
<html lang="${locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
</head>
<body style="${style.body}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${style.body}">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${style.card}">
<tr><td style="${style.brand}">FinancialTracker</td></tr>
<tr><td style="${style.content}">
${content.join('\n')}
</td></tr>
<tr><td style="${style.footer}">
<p style="margin:0 0 8px;">${escapeHtml(texts.why)}</p>
${footer.length ? `<p style="margin:0;">${footer.join(' &middot; ')}</p>` : ''}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function renderText({ locale, title, paragraphs, list, action, footerLinks }: EmailLayoutInput): string {
  const texts = footerTexts[locale];
  // French typography puts a space before the colon.
  const colon = locale === 'fr' ? ' : ' : ': ';
  const parts = [title, ...paragraphs];
  if (list?.length) {
    parts.push(
      list
        .map((item) => {
          const line = `- ${item.text}${item.detail ? ` ${item.detail}` : ''}`;
          return item.url ? `${line}\n  ${item.url}` : line;
        })
        .join('\n'),
    );
  }
  if (action) parts.push(`${action.label}${colon}${action.url}`);
  const footer = ['--', texts.why];
  if (footerLinks?.preferencesUrl) footer.push(`${texts.preferences}${colon}${footerLinks.preferencesUrl}`);
  if (footerLinks?.unsubscribeUrl) footer.push(`${texts.unsubscribe}${colon}${footerLinks.unsubscribeUrl}`);
  parts.push(footer.join('\n'));
  return `${parts.join('\n\n')}\n`;
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEntities[c]!);
}
