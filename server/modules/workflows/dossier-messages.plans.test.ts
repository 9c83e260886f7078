/**
 * What a message of a dossier's conversation writes besides itself (the chase of an unanswered client, the step's
 * clock paused and resumed) runs as prepared statements that keep their plan (see `preparedQuery`).
 */
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { expectOnePlan } from '../../../tests/support/plans.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { remindersRepo } from './reminders.repo.ts';
import { stepClockRepo } from './step-clock.repo.ts';

const { t } = appWith(async () => ({}));

describe('the statements a dossier’s message runs', () => {
  it('look for a running reminder with one plan', async () => {
    await expectOnePlan(t.db, 'from "reminders"', (conn) =>
      remindersRepo.hasRunning(conn, 'message_unanswered', randomUUID()),
    );
  });

  it('stop a dossier’s reminders with one plan', async () => {
    await expectOnePlan(t.db, 'is null and "dossier_id"', (conn) =>
      remindersRepo.stop(
        conn,
        { kind: 'message_unanswered', dossierId: randomUUID() },
        'answered',
        new Date(),
      ),
    );
  });

  it('stop a subject’s reminder with one plan', async () => {
    await expectOnePlan(t.db, 'is null and "subject_id"', (conn) =>
      remindersRepo.stop(conn, { kind: 'step_reminder', subjectId: randomUUID() }, 'done', new Date()),
    );
  });

  it('write the step’s clock with one plan', async () => {
    await expectOnePlan(t.db, 'update "dossier_steps"', (conn, run) =>
      stepClockRepo.updateClock(conn, randomUUID(), {
        consumedMs: run,
        runningSince: run % 2 ? new Date() : null,
        pausedMs: 0,
        pausedSince: run % 2 ? null : new Date(),
        pauseReason: run % 2 ? null : 'awaiting_reply',
        warnAt: null,
        dueAt: new Date(),
      }),
    );
  });

  it('end the step’s pause with one plan', async () => {
    await expectOnePlan(t.db, 'update "step_pauses"', (conn) =>
      stepClockRepo.endPause(conn, randomUUID(), new Date()),
    );
  });
});
