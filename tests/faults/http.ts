/**
 * Requests as the fault suite sends them: raw node:http (so a path, a header or a body can be exactly as malformed
 * as wanted), each with a deadline past which it counts as a hang, and a tally of the answers.
 */
import http from 'node:http';

export type Answer = {
  /** HTTP status; 0 when no answer came (see `failure`). */
  status: number;
  body: string;
  ms: number;
  failure?: 'timeout' | 'network';
  /** Behind a load balancer: the instance that answered (its `x-served-by` header). */
  servedBy?: string;
};

export type RawRequest = {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** On a connection of its own rather than a kept-alive one. */
  fresh?: boolean;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function send(baseUrl: string, request: RawRequest): Promise<Answer> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - started });
    };
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers,
        agent: request.fresh ? false : agent,
      });
    } catch (error) {
      // The request could not even be formed (an invalid header): not the server's doing.
      throw new Error(`unsendable request ${request.method} ${request.path}: ${(error as Error).message}`);
    }
    const timer = setTimeout(() => {
      done({ status: 0, body: '', failure: 'timeout' });
      req.destroy();
    }, request.timeoutMs ?? 10_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const servedBy = res.headers['x-served-by'];
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(typeof servedBy === 'string' ? { servedBy } : {}),
        }),
      );
      res.on('error', () => done({ status: 0, body: '', failure: 'network' }));
    });
    req.on('error', () => done({ status: 0, body: '', failure: 'network' }));
    req.end(request.body);
  });
}

export function json<T>(answer: Answer): T {
  return JSON.parse(answer.body) as T;
}

/** A JSON call of the API as a signed-in user (or anonymous without a token). */
export function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return send(baseUrl, {
    method,
    path,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    timeoutMs: options.timeoutMs,
  });
}

/** Answers counted by status ("timeout" and "network" for none), with a few samples of each unwanted kind. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly samples: string[] = [];
  total = 0;

  add(answer: { status: number; body: string; failure?: Answer['failure'] }, what: string) {
    const key = answer.failure ?? String(answer.status);
    this.total++;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if ((answer.failure || answer.status >= 500) && this.samples.length < 20) {
      this.samples.push(`${key} ${what} ${answer.body.slice(0, 300)}`);
    }
  }

  merge(other: Tally): this {
    for (const [key, value] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + value);
    this.total += other.total;
    this.samples.push(...other.samples.slice(0, 20 - this.samples.length));
    return this;
  }

  count(predicate: (key: string) => boolean): number {
    let n = 0;
    for (const [key, value] of this.counts) if (predicate(key)) n += value;
    return n;
  }

  /** 5xx other than 503, and requests that got no answer before their deadline. */
  get unclean(): number {
    return this.count((k) => k === 'timeout' || (/^5\d\d$/.test(k) && k !== '503'));
  }

  summary(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
  }
}
