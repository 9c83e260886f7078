import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportSchedule, ScheduleInput } from '../../../../common/reports.ts';
import { approvedExpert, createAdmin, login, type Session } from '../../../../tests/support/factories.ts';
import { smtpTestApp } from '../../../../tests/support/smtp-server.ts';
import { eventually } from '../../../../tests/support/waiting.ts';
import { longSessions } from '../../dashboard/dashboard.factories.ts';
import { sweepDueSchedules } from './schedules.jobs.ts';

// The clock starts on Monday 1 June 2026, 10:00 in Paris.
const { t, smtp } = smtpTestApp(longSessions);
let admin: Session;
let expert: Session;

beforeAll(async () => {
  admin = await createAdmin(t);
  expert = await approvedExpert(t, admin);
});

const weekly: ScheduleInput = {
  name: 'Hebdo direction',
  type: 'platform',
  params: {},
  format: 'xlsx',
  frequency: 'weekly',
  weekday: 1,
  hour: 8,
  minute: 0,
  recipients: ['direction@example.fr'],
};

async function schedule(body: ScheduleInput, who: Session = admin): Promise<ReportSchedule> {
  const res = await t.request('POST', '/api/report-schedules', { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const sweep = () => t.app.services.jobs.runNow(sweepDueSchedules, {});
const moveTo = (iso: string) => t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
const runsOf = async (id: string, who: Session = admin) =>
  (await t.request('GET', `/api/report-schedules/${id}/runs`, { token: who.token })).body.items;

describe('a weekly report on Monday at 08:00, Paris time', () => {
  let created: ReportSchedule;
  beforeAll(async () => {
    created = await schedule(weekly);
  });

  it('is due next Monday at 08:00 in Paris (06:00 UTC in summer)', () => {
    expect(created.nextRunAt).toBe('2026-06-08T06:00:00.000Z');
  });

  it('is listed for its owner only', async () => {
    const mine = await t.request('GET', '/api/report-schedules', { token: admin.token });
    expect(mine.body.items.map((s: ReportSchedule) => s.id)).toContain(created.id);
    const theirs = await t.request('GET', '/api/report-schedules', { token: expert.token });
    expect(theirs.body.items).toEqual([]);
  });

  it('does not run a minute early', async () => {
    moveTo('2026-06-08T05:59:00Z');
    await sweep();
    expect(await runsOf(created.id)).toEqual([]);
  });

  it('e-mails last week’s report as an XLSX attachment once due', async () => {
    moveTo('2026-06-08T06:00:30Z');
    await sweep();
    const mail = await smtp.waitForMailTo('direction@example.fr');
    expect(mail.subject).toBe('Rapport « Hebdo direction » du 01/06/2026 au 07/06/2026');
    const [attachment] = mail.parsed.attachments;
    expect(attachment?.filename).toBe('rapport-plateforme-2026-06-01-2026-06-07.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(attachment!.content as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.name).toBe('Synthèse');
  });

  it('records the run: sent, attached, to whom, how long', async () => {
    await eventually(async () => expect((await runsOf(created.id))[0]?.status).toBe('sent'));
    const [run] = await runsOf(created.id);
    expect(run).toMatchObject({
      dueAt: '2026-06-08T06:00:00.000Z',
      periodFrom: '2026-06-01',
      periodTo: '2026-06-07',
      delivery: 'attachment',
      recipients: ['direction@example.fr'],
      attempts: 1,
    });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs an occurrence once, however many sweeps', async () => {
    await sweep();
    await sweep();
    expect(await runsOf(created.id)).toHaveLength(1);
  });

  it('does not run while paused', async () => {
    const paused = await t.request('PATCH', `/api/report-schedules/${created.id}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(paused.body.active).toBe(false);
    moveTo('2026-06-15T06:01:00Z');
    await sweep();
    expect(await runsOf(created.id)).toHaveLength(1);
  });
});

/** Signs in again after the clock jumped past the sessions' lifetime. */
async function signInAgain() {
  admin = await login(t, admin.user.email);
  expert = await login(t, expert.user.email);
}

describe('a daily report across the autumn daylight-saving change', () => {
  it('runs at 08:30 Paris, 07:30 UTC once winter time starts', async () => {
    moveTo('2026-10-24T09:00:00Z');
    await signInAgain();
    const created = await schedule({
      ...weekly,
      name: 'Quotidien',
      frequency: 'daily',
      weekday: undefined,
      hour: 8,
      minute: 30,
      format: 'csv',
      recipients: ['quotidien@example.fr'],
    });
    expect(created.nextRunAt).toBe('2026-10-25T07:30:00.000Z');
    moveTo('2026-10-25T07:29:00Z');
    await sweep();
    expect(await runsOf(created.id)).toEqual([]);
    moveTo('2026-10-25T07:30:10Z');
    await sweep();
    const mail = await smtp.waitForMailTo('quotidien@example.fr');
    expect(mail.parsed.attachments[0]?.filename).toBe('rapport-plateforme-2026-10-24-2026-10-24.csv');
  });
});

describe('what a schedule may be', () => {
  it('refuses an expert a platform report', async () => {
    const res = await t.request('POST', '/api/report-schedules', {
      token: expert.token,
      body: { ...weekly, recipients: [expert.user.email] },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'REPORT_NOT_ALLOWED']);
  });

  it('lets an expert send their own report only to themselves', async () => {
    const own = { ...weekly, type: 'expert' as const };
    const refused = await t.request('POST', '/api/report-schedules', { token: expert.token, body: own });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'SCHEDULE_RECIPIENT_NOT_ALLOWED']);
    expect((await schedule({ ...own, recipients: [expert.user.email] }, expert)).type).toBe('expert');
  });

  it.each([
    ['a weekly schedule without its weekday', { ...weekly, weekday: undefined }],
    ['a daily schedule with a weekday', { ...weekly, frequency: 'daily' }],
    ['a malformed recipient', { ...weekly, recipients: ['nobody'] }],
    ['a day of the month past 28', { ...weekly, frequency: 'monthly', weekday: undefined, monthDay: 31 }],
  ])('refuses %s', async (_, body) => {
    const res = await t.request('POST', '/api/report-schedules', { token: admin.token, body });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('refuses an anonymous caller', async () => {
    const res = await t.request('POST', '/api/report-schedules', { body: weekly });
    expect(res.status).toBe(401);
  });
});

describe('a run that fails', () => {
  it('is recorded failed and reported to the schedule’s owner', async () => {
    const owner = await approvedExpert(t, admin);
    const created = await schedule(
      { ...weekly, type: 'expert', name: 'Mon activité', recipients: [owner.user.email] },
      owner,
    );
    await t.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', owner.user.id).execute();
    moveTo(created.nextRunAt);
    t.clock.advance(1000);
    await sweep();
    const mail = await smtp.waitFor((m) => m.to.includes(owner.user.email) && m.subject.startsWith('Échec'));
    expect(mail.subject).toBe('Échec de l’envoi « Mon activité »');
    const ownerActor = { id: owner.user.id, role: 'expert' as const, companyId: null };
    await eventually(async () =>
      expect((await t.app.services.schedules.runs(ownerActor, created.id)).items[0]?.status).toBe('failed'),
    );
    const [run] = (await t.app.services.schedules.runs(ownerActor, created.id)).items;
    expect(run).toMatchObject({ status: 'failed', error: 'Le compte de cet export n’est plus actif' });
  });
});
