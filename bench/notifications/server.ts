/**
 * The app alone in a child process of the benchmark (so the load generator does not share its loop), taking IPC
 * commands from the parent: `{ notify: { run, i, userId } }` has the notification service tell that one user (a
 * reminder, the link naming the event), as any module's event would. Stops on the parent's 'stop' message.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChild } from '../child-process.ts';
import { serveBenchApp } from '../support.ts';
import { startRuntimeProbe } from '../timeline/runtime-probe.ts';

export type NotifyCommand = { notify: { run: string; i: number; userId: string } };

/** The link of a benchmark event: the socket side reads the event back from it. */
export const eventLink = (run: string, i: number) => `/notifications?bench=${run}-${i}`;

const here = fileURLToPath(import.meta.url);

/** BENCH_PROFILE=<dir>: CPU profile of the app process. */
export async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const { child, ready } = await forkChild<{ port: number }>(here, ['--serve', url], { app: true });
  return { child, port: ready.port };
}

export { stopChild as stopServer } from '../child-process.ts';

if (process.argv[2] === '--serve') {
  const { app, pool, port } = await serveBenchApp(process.argv[3]!, {
    dataDir: path.join(path.dirname(here), '..', '.data', 'blobs-notifications'),
  });
  const { notifications } = app.services.notifications;
  process.on('message', (message) => {
    const command = (message as Partial<NotifyCommand>).notify;
    if (!command) return;
    const { run, i, userId } = command;
    notifications
      .notify({
        recipients: [userId],
        type: 'reminder',
        data: { subject: { fr: `Rappel de test ${i}`, en: `Test reminder ${i}` } },
        link: eventLink(run, i),
        eventKey: `bench:${run}:${i}`,
      })
      .catch((error: unknown) => console.error('notify failed', error));
  });
  process.send?.({ port });
  startRuntimeProbe((runtime) => process.send?.({ runtime }), pool);
}
