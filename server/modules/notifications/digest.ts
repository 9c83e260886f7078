import type { DigestFrequency, NotificationType } from '../../../common/notifications.ts';
import { type EmailListItem, renderEmailLayout } from '../../platform/mail-layout.ts';
import type { Mailer } from '../../platform/mailer.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { digestRepo } from './digest.repo.ts';
import { PREFERENCES_PATH } from './email.channel.ts';
import { type Locale, renderNotification } from './templates.ts';

/** Digests go out at this local hour: daily ones every day, weekly ones on Mondays. */
export const DIGEST_HOUR = 8;

/**
 * The start of the digest period `now` falls in (8:00 local time, that day, or that Monday for a weekly digest), or
 * undefined when no digest is due in this hour. An unknown time zone has no digest (never a failure for the others).
 */
export function digestPeriodStart(frequency: DigestFrequency, timeZone: string, now: Date): Date | undefined {
  if (frequency === 'off') return undefined;
  let parts: Record<string, string>;
  try {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  } catch {
    return undefined;
  }
  if (Number(parts.hour) !== DIGEST_HOUR) return undefined;
  if (frequency === 'weekly' && parts.weekday !== 'Mon') return undefined;
  const intoHour = (Number(parts.minute) * 60 + Number(parts.second)) * 1000 + now.getMilliseconds();
  return new Date(now.getTime() - intoHour);
}

type Subscriber = Awaited<ReturnType<typeof digestRepo.subscribers>>[number];
type Unread = Awaited<ReturnType<typeof digestRepo.unreadSince>>;

const digestTexts = {
  fr: {
    subject: (frequency: 'daily' | 'weekly', n: number) =>
      `Votre résumé ${frequency === 'daily' ? 'quotidien' : 'hebdomadaire'} : ${n} notification${n > 1 ? 's' : ''} non lue${n > 1 ? 's' : ''}`,
    greeting: (name: string) => `Bonjour ${name},`,
    intro: 'Voici ce qui vous attend sur FinancialTracker depuis votre dernier résumé :',
    more: (n: number) => `(et ${n} autre${n > 1 ? 's' : ''} du même type)`,
    action: 'Voir mes notifications',
  },
  en: {
    subject: (frequency: 'daily' | 'weekly', n: number) =>
      `Your ${frequency} digest: ${n} unread notification${n > 1 ? 's' : ''}`,
    greeting: (name: string) => `Hello ${name},`,
    intro: 'Here is what awaits you on FinancialTracker since your last digest:',
    more: (n: number) => `(and ${n} more of the same kind)`,
    action: 'See my notifications',
  },
} satisfies Record<Locale, unknown>;

export type DigestDeps = Pick<Platform, 'db' | 'clock'> & { mailer: Mailer; publicUrl: string };

/**
 * The e-mail digest: to each user who chose one, at 8:00 in their time zone (daily, or weekly on Mondays), what they
 * have not read since the previous digest (the first one: all they have not read), one line per type (its latest notification and how many more). Nothing
 * unread, no e-mail. Once per period: the idempotency key names the period, and `last_digest_at` skips the users done.
 */
export class DigestService extends Service<DigestDeps> {
  /** Sends the digests due at this hour; returns how many were queued. */
  async sendDue(): Promise<number> {
    const now = this.deps.clock.now();
    let sent = 0;
    for (const subscriber of await digestRepo.subscribers(this.deps.db)) {
      const periodStart = digestPeriodStart(subscriber.digest, subscriber.timeZone, now);
      if (!periodStart || (subscriber.lastDigestAt && subscriber.lastDigestAt >= periodStart)) continue;
      if (await this.send(subscriber, periodStart, now)) sent++;
    }
    return sent;
  }

  private async send(subscriber: Subscriber, periodStart: Date, now: Date): Promise<boolean> {
    const { db, mailer } = this.deps;
    const frequency = subscriber.digest as 'daily' | 'weekly';
    const unread = await digestRepo.unreadSince(db, subscriber.userId, subscriber.lastDigestAt);
    if (unread.length === 0) return false;
    const { subject, html, text } = this.render(subscriber, frequency, unread);
    await mailer.queue({
      idempotencyKey: `digest:${subscriber.userId}:${periodStart.toISOString()}`,
      userId: subscriber.userId,
      to: subscriber.email,
      kind: 'digest',
      locale: subscriber.locale,
      subject,
      html,
      text,
    });
    await digestRepo.markSent(db, subscriber.userId, now);
    return true;
  }

  private render(subscriber: Subscriber, frequency: 'daily' | 'weekly', unread: Unread) {
    const { publicUrl } = this.deps;
    const locale = subscriber.locale;
    const texts = digestTexts[locale];
    // Newest first: each type's line shows its latest notification.
    const byType = new Map<NotificationType, Unread>();
    for (const row of unread) {
      const type = row.type as NotificationType;
      byType.set(type, [...(byType.get(type) ?? []), row]);
    }
    const list: EmailListItem[] = [...byType].map(([type, rows]) => {
      const latest = rows[0]!;
      return {
        text: renderNotification(type, latest.data, locale, latest.groupCount).title,
        url: `${publicUrl}${latest.link}`,
        detail: rows.length > 1 ? texts.more(rows.length - 1) : undefined,
      };
    });
    const subject = texts.subject(frequency, unread.length);
    const { html, text } = renderEmailLayout({
      locale,
      title: subject,
      paragraphs: [texts.greeting(subscriber.firstName), texts.intro],
      list,
      action: { label: texts.action, url: `${publicUrl}/notifications` },
      footerLinks: { preferencesUrl: `${publicUrl}${PREFERENCES_PATH}` },
    });
    return { subject, html, text };
  }
}
