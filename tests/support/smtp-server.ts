import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../server/config.ts';
import { freePort } from './ports.ts';
import { forwardTo, startTestApp, type TestApp } from './test-app.ts';

export type ReceivedMail = {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageId: string;
  /** A header as sent (unfolded), by case-insensitive name. */
  header: (name: string) => string | undefined;
  parsed: ParsedMail;
};

type Waiter = { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void };

/**
 * A real SMTP server in the test process (no TLS, no authentication), parsing what it receives with mailparser. Tests
 * point the app's `smtpUrl` at it and await the e-mails; `stop` and `start` take it down and back on the same port.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly waiters = new Set<Waiter>();
  private server: SMTPServer | undefined;
  private readonly port: number;

  private constructor(port: number) {
    this.port = port;
  }

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer(await freePort());
    await smtp.start();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        simpleParser(stream).then(
          (parsed) => {
            this.receive(to, parsed);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Down: connections are refused until `start`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The e-mails received for this address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  /** The first e-mail received (already, or from now on) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const found = this.received.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (mail) => {
          clearTimeout(timer);
          resolve(mail);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error('No matching e-mail arrived at the test SMTP server'));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The first e-mail for this address. */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail> {
    return this.waitFor((mail) => mail.to.includes(address), timeoutMs);
  }

  private receive(to: string[], parsed: ParsedMail): void {
    const headers = new Map<string, string>();
    for (const { key, line } of parsed.headerLines) {
      headers.set(
        key.toLowerCase(),
        line
          .slice(line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
    }
    const mail: ReceivedMail = {
      to,
      subject: parsed.subject ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      text: parsed.text ?? '',
      messageId: parsed.messageId ?? '',
      header: (name) => headers.get(name.toLowerCase()),
      parsed,
    };
    this.received.push(mail);
    for (const waiter of this.waiters) {
      if (!waiter.predicate(mail)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(mail);
    }
  }
}

/** A test file's app whose e-mails go to a real in-process SMTP server, both started before its tests. */
export function smtpTestApp(overrides: Partial<Config> = {}) {
  let smtp: TestSmtpServer | undefined;
  let t: TestApp | undefined;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await startTestApp({ smtpUrl: smtp.url, ...overrides });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });
  return { t: forwardTo(() => t), smtp: forwardTo(() => smtp) };
}
