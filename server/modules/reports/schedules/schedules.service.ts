import type { z } from 'zod';
import { uuidv7 } from '../../../../common/ids.ts';
import type { ReportSchedule, ReportType, ScheduleRun, scheduleInput } from '../../../../common/reports.ts';
import type { Actor } from '../../../platform/actor.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { JobSender } from '../../../platform/jobs.ts';
import type { Mailer } from '../../../platform/mailer.ts';
import { type Platform, Service } from '../../../platform/service.ts';
import type { ExportsService } from '../exports/exports.service.ts';
import type { ReportsService } from '../reports.service.ts';
import { nextRunAfter, reportedPeriod } from './schedule-calendar.ts';
import { scheduleEmail, scheduleFailureEmail } from './schedule-email.ts';
import { runSchedule } from './schedules.jobs.ts';
import { type RunRow, schedulesRepo as repo, type ScheduleRow } from './schedules.repo.ts';

export type SchedulesDeps = Pick<Platform, 'db' | 'clock'> & {
  jobs: JobSender;
  mailer: Mailer;
  reports: ReportsService;
  exports: ExportsService;
  publicUrl: string;
  /** Above this size the e-mail carries a link to the file instead of the file. */
  attachmentMaxBytes: number;
};

/** Schedules taken per sweep (the next sweep, a minute later, takes the rest). */
const SWEEP_BATCH = 100;

/**
 * Reports sent on a schedule: each due occurrence becomes one run (once, whatever the sweeps and instances), which
 * a job produces and e-mails to the recipients; a failure is retried, and the last one reported to the owner.
 */
export class SchedulesService extends Service<SchedulesDeps> {
  async create(actor: Actor, input: z.output<typeof scheduleInput>): Promise<ReportSchedule> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const period = reportedPeriod(input.frequency, now);
    this.deps.reports.authorise(actor, input.type, { ...input.params, ...period });
    const { email } = await this.deps.exports.activeOwner(actor.id);
    if (actor.role !== 'admin' && input.recipients.some((r) => r.toLowerCase() !== email.toLowerCase())) {
      throw new AppError(
        403,
        'SCHEDULE_RECIPIENT_NOT_ALLOWED',
        'Vous ne pouvez envoyer vos rapports qu’à vous-même',
      );
    }
    const id = uuidv7(now.getTime());
    const recurrence = { ...input, weekday: input.weekday ?? null, monthDay: input.monthDay ?? null };
    await repo.insert(db, {
      id,
      ownerId: actor.id,
      reportType: input.type,
      params: JSON.stringify(input.params),
      format: input.format,
      locale: input.locale,
      frequency: input.frequency,
      hour: input.hour,
      minute: input.minute,
      weekday: recurrence.weekday,
      monthDay: recurrence.monthDay,
      recipients: input.recipients,
      name: input.name,
      nextRunAt: nextRunAfter(recurrence, now),
      createdAt: now,
      updatedAt: now,
    });
    return this.present((await repo.find(db, id))!, null);
  }

  async list(actor: Actor): Promise<{ items: ReportSchedule[] }> {
    const rows = await repo.listOfOwner(this.deps.db, actor.id);
    const last = new Map(
      (
        await repo.lastRuns(
          this.deps.db,
          rows.map((r) => r.id),
        )
      ).map((r) => [r.scheduleId, r]),
    );
    return { items: rows.map((r) => this.present(r, last.get(r.id) ?? null)) };
  }

  async setActive(actor: Actor, id: string, active: boolean): Promise<ReportSchedule> {
    const row = await this.owned(actor, id);
    const now = this.deps.clock.now();
    await repo.setActive(this.deps.db, id, active, active ? nextRunAfter(row, now) : row.nextRunAt, now);
    const [last] = await repo.runs(this.deps.db, id, 1);
    return this.present((await repo.find(this.deps.db, id))!, last ?? null);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.owned(actor, id);
    await repo.delete(this.deps.db, id);
  }

  async runs(actor: Actor, id: string): Promise<{ items: ScheduleRun[] }> {
    await this.owned(actor, id);
    return { items: (await repo.runs(this.deps.db, id, 50)).map(presentRun) };
  }

  /** Turns every due occurrence into a run and its job, and moves each schedule to its next occurrence. */
  async sweepDue(): Promise<number> {
    const { db, clock, jobs } = this.deps;
    const now = clock.now();
    const runIds = await db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      for (const s of await repo.lockDue(trx, now, SWEEP_BATCH)) {
        const period = reportedPeriod(s.frequency, s.nextRunAt);
        const runId = await repo.insertRun(trx, {
          id: uuidv7(now.getTime()),
          scheduleId: s.id,
          dueAt: s.nextRunAt,
          periodFrom: period.from,
          periodTo: period.to,
          status: 'queued',
          recipients: s.recipients,
        });
        if (runId) ids.push(runId);
        await repo.advance(trx, s.id, nextRunAfter(s, now));
      }
      return ids;
    });
    for (const runId of runIds) await jobs.send(runSchedule, { runId });
    return runIds.length;
  }

  /** Produces a run's report and e-mails it; `lastAttempt`: a failure is final and reported to the owner. */
  async run(runId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<void> {
    const { db, clock } = this.deps;
    const started = clock.now();
    const run = await repo.startRun(db, runId, started);
    if (!run) return;
    const schedule = await repo.find(db, run.scheduleId);
    if (!schedule) return;
    const elapsed = () => clock.now().getTime() - started.getTime();
    try {
      const owner = await this.deps.exports.activeOwner(schedule.ownerId);
      const type = schedule.reportType as ReportType;
      const params = this.deps.reports.authorise(owner, type, {
        ...(schedule.params as object),
        from: run.periodFrom,
        to: run.periodTo,
      });
      const file = await this.deps.exports.produceReport(owner, {
        type,
        params,
        format: schedule.format,
        locale: schedule.locale,
      });
      const attached = file.sizeBytes <= this.deps.attachmentMaxBytes;
      const link = `${this.deps.publicUrl}${this.deps.exports.link(file.exportId, owner.id, 7 * 86_400)}`;
      for (const to of run.recipients) {
        await this.deps.mailer.queue({
          idempotencyKey: `report-run:${run.id}:${to.toLowerCase()}`,
          userId: null,
          to,
          kind: 'report.scheduled',
          locale: schedule.locale,
          ...scheduleEmail(schedule, run, attached ? null : link),
          attachments: attached
            ? [{ filename: file.fileName, contentType: file.contentType, blobKey: file.blobKey }]
            : undefined,
        });
      }
      await repo.finishRun(db, run.id, {
        status: 'sent',
        at: clock.now(),
        durationMs: elapsed(),
        sizeBytes: file.sizeBytes,
        delivery: attached ? 'attachment' : 'link',
        exportId: file.exportId,
      });
    } catch (error) {
      const message = error instanceof AppError ? error.message : String((error as Error)?.message ?? error);
      const final = lastAttempt || error instanceof AppError;
      await repo.finishRun(db, run.id, {
        status: final ? 'failed' : 'queued',
        at: clock.now(),
        durationMs: elapsed(),
        error: message.slice(0, 1000),
      });
      if (final) await this.reportFailure(schedule, run, message);
      if (!final) throw error;
    }
  }

  private async reportFailure(schedule: ScheduleRow, run: RunRow, message: string) {
    const to = await repo.ownerEmail(this.deps.db, schedule.ownerId);
    if (!to) return;
    await this.deps.mailer.queue({
      idempotencyKey: `report-run-failed:${run.id}`,
      userId: schedule.ownerId,
      to,
      kind: 'report.failed',
      locale: schedule.locale,
      ...scheduleFailureEmail(schedule, run, message, `${this.deps.publicUrl}/rapports`),
    });
  }

  private async owned(actor: Actor, id: string): Promise<ScheduleRow> {
    const row = await repo.find(this.deps.db, id);
    if (!row || row.ownerId !== actor.id) throw notFound('Envoi programmé');
    return row;
  }

  private present(row: ScheduleRow, last: RunRow | null): ReportSchedule {
    return {
      id: row.id,
      name: row.name,
      type: row.reportType as ReportType,
      params: row.params as ReportSchedule['params'],
      format: row.format,
      locale: row.locale,
      frequency: row.frequency,
      hour: row.hour,
      minute: row.minute,
      weekday: row.weekday ?? undefined,
      monthDay: row.monthDay ?? undefined,
      recipients: row.recipients,
      active: row.active,
      nextRunAt: row.nextRunAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
      lastRun: last ? presentRun(last) : null,
    };
  }
}

function presentRun(r: RunRow): ScheduleRun {
  return {
    id: r.id,
    dueAt: r.dueAt.toISOString(),
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    status: r.status,
    attempts: r.attempts,
    recipients: r.recipients,
    sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
    delivery: r.delivery,
    error: r.error,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs,
  };
}
