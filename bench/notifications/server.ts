/**
 * The app alone in a child process of the benchmark (so the load generator does not share its loop), taking IPC
 * commands from the parent: `{ notify: { run, i, userId } }` has the notification service tell that one user (a
 * reminder, the link naming the event), as any module's event would. Stops on the parent's 'stop' message.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveBenchApp } from '../support.ts';
import { startRuntimeProbe } from '../timeline/runtime-probe.ts';

export type NotifyCommand = { notify: { run: string; i: number; userId: string } };

/** The link of a benchmark event: the socket side reads the event back from it. */
export const eventLink = (run: string, i: number) => `/notifications?bench=${run}-${i}`;

const here = fileURLToPath(import.meta.url);

export function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(here, ['--serve', url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
  });
}

export async function stopServer(child: ChildProcess) {
  const exited = once(child, 'exit');
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill();
}

if (process.argv[2] === '--serve') {
  const { app, port } = await serveBenchApp(process.argv[3]!, {
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
  startRuntimeProbe((runtime) => process.send?.({ runtime }));
}
