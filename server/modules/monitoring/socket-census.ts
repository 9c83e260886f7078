import type { Server } from 'socket.io';
import type { z } from 'zod';
import type { instanceSockets } from '../../../common/monitoring.ts';
import type { AppServer } from '../../platform/sockets.ts';

type InstanceSockets = z.infer<typeof instanceSockets>;
/** The one server-to-server event of the census: each other instance answers with its own count. */
type CensusEvents = { 'monitoring:sockets': (ack: (answer: InstanceSockets) => void) => void };

/**
 * The sockets connected to each instance. With the Redis adapter the other instances are asked (`serverSideEmit`,
 * which the app's socket types do not declare: hence the census's own view of the server); alone, only this one.
 */
export class SocketCensus {
  private readonly io: Server<never, never, CensusEvents>;
  private readonly instance: string;

  constructor(io: AppServer, instance: string) {
    this.io = io as unknown as Server<never, never, CensusEvents>;
    this.instance = instance;
    this.io.on('monitoring:sockets', (ack) => ack(this.local()));
  }

  async count(): Promise<{ instances: InstanceSockets[]; total: number; complete: boolean }> {
    const instances = [this.local()];
    let complete = true;
    if ((await this.io.of('/').adapter.serverCount()) > 1) {
      try {
        instances.push(...(await this.io.serverSideEmitWithAck('monitoring:sockets')));
      } catch (error) {
        // Some instance did not answer within the adapter's request timeout: keep the answers that came.
        instances.push(...((error as { responses?: InstanceSockets[] }).responses ?? []));
        complete = false;
      }
    }
    return { instances, total: instances.reduce((sum, i) => sum + i.connected, 0), complete };
  }

  private local(): InstanceSockets {
    return { instance: this.instance, connected: this.io.of('/').sockets.size };
  }
}
