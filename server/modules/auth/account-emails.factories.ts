import { expect, onTestFinished } from 'vitest';
import type { ReceivedMail, TestSmtpServer } from '../../../tests/support/smtp-server.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import type { DomainEvents } from '../../platform/events.ts';

/** The token of the link to `path` in an e-mail (the plain-text part; the HTML has the same link). */
export function tokenIn(mail: ReceivedMail, path: string): string {
  const token = new RegExp(`${path}\\?token=([\\w-]{43})`).exec(mail.text)?.[1];
  expect(token, `a link to ${path} in: ${mail.text}`).toBeDefined();
  return token!;
}

/** The next e-mail to `to` with this subject. */
export const mailTo = (smtp: TestSmtpServer, to: string, subject: string) =>
  smtp.waitFor((mail) => mail.to.includes(to) && mail.subject === subject);

/** The domain events of this kind published during the current test. */
export function published<K extends keyof DomainEvents>(t: TestApp, event: K): DomainEvents[K][] {
  const seen: DomainEvents[K][] = [];
  onTestFinished(t.app.services.events.subscribe(event, (payload) => void seen.push(payload)));
  return seen;
}
