import type { PgBoss } from 'pg-boss';

const TIME_ZONE = 'Europe/Paris';

/** What the job runner knows of a job's schedule: its cron expression and payload, if it has one. */
export type CronJob = { name: string; cron?: { schedule: string; payload: unknown } };

/**
 * The cron jobs due at the same minute (every minute, every five, every ten: ten of them at :00, :10…) are sent
 * together by the cron pass, and used to start in the same second: with the pool's connections taken by them, the
 * sends of that second waited (a delivery p99 of 109 ms in that second, README, issue 11). Each cron job waits its
 * own share of the minute after its occurrence is sent, in the order the jobs are registered, so that they start
 * seconds apart. The share is a delay from the send, not a time of day: the one-job-per-minute slot stays the send's.
 */
function cronDelaySeconds(position: number, cronJobs: number): number {
  return Math.floor((position * 60) / cronJobs);
}

/**
 * Files each job's schedule (in Europe/Paris time, with its share of the minute) and drops the schedule of a job
 * that lost its cron in the code. Every instance files the same ones, in the same order.
 */
export async function fileCronSchedules(boss: PgBoss, jobs: readonly CronJob[]): Promise<void> {
  const scheduled = jobs.filter((job) => job.cron).length;
  let position = 0;
  for (const { name, cron } of jobs) {
    if (!cron) {
      await boss.unschedule(name);
      continue;
    }
    // pg-boss files one forwarding job per occurrence, but a forwarding job an instance was stopped or killed in
    // the middle of runs again and would send the occurrence twice: one job per name and minute.
    await boss.schedule(name, cron.schedule, cron.payload as object, {
      tz: TIME_ZONE,
      singletonKey: 'cron',
      singletonSeconds: 60,
      startAfter: cronDelaySeconds(position++, scheduled),
    });
  }
}
