/**
 * Child modes of the messaging benchmark: the app (or the raw ws echo) alone in its own process, so the load
 * generator does not share its loop. Started by processes.ts; stops on the parent's 'stop' message.
 */
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { serveBenchApp } from '../support.ts';
import { startRuntimeProbe } from '../timeline/runtime-probe.ts';

const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[2] === '--serve') {
  const { port, pool } = await serveBenchApp(process.argv[3]!, {
    dataDir: path.join(benchDir, '.data', 'blobs-messaging'),
  });
  process.send?.({ port });
  startRuntimeProbe((runtime) => process.send?.({ runtime }), pool);
} else if (process.argv[2] === '--echo') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
  await once(wss, 'listening');
  const address = wss.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', (m) => {
    if (m === 'stop') wss.close(() => process.exit(0));
  });
}
