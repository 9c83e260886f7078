import { open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** What the disk flush probe saw during one window. */
export type DiskSample = {
  /** End of the window, wall-clock milliseconds. */
  at: number;
  /** Probe flushes completed in the window. */
  flushes: number;
  /** The longest of them, or the time a flush still waiting at the window's end had waited, if longer. */
  flushMaxMs: number;
};

/** A flush every this often: a stall of the disk longer than it is always seen, at a twentieth of PostgreSQL's rate. */
const PROBE_INTERVAL_MS = 50;
const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * A directory this process may write to on the same file system (same device) as the data of the PostgreSQL server at
 * `url`, or null: the server on another machine, its data directory not readable by the benchmark's role, or no
 * writable directory on that device. Tried: the data directory's parent (the embedded server's own folder under
 * bench/.data), then the system's temporary directory.
 */
export async function flushProbeDirectory(url: string): Promise<string | null> {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host) && !host.startsWith('%2F')) return null;
  const client = new pg.Client({ connectionString: url, application_name: 'bench-disk-probe' });
  await client.connect();
  let dataDirectory: string;
  try {
    const { rows } = await client.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`);
    dataDirectory = rows[0]!.dir;
  } catch {
    return null;
  } finally {
    await client.end();
  }
  const device = await stat(dataDirectory).then(
    (s) => s.dev,
    () => null,
  );
  if (device === null) return null;
  for (const candidate of [path.dirname(dataDirectory), os.tmpdir()]) {
    const sameDevice = await stat(candidate).then(
      (s) => s.dev === device,
      () => false,
    );
    if (sameDevice && (await writable(candidate))) return candidate;
  }
  return null;
}

async function writable(directory: string): Promise<boolean> {
  const file = path.join(directory, `.ft-bench-writable-${process.pid}`);
  try {
    await (await open(file, 'w')).close();
    await rm(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Times a 512-byte write and its `fdatasync` in `directory`, one every PROBE_INTERVAL_MS, and hands each window of
 * `intervalMs` to `report`. A commit waits for its WAL to be flushed: when the probe's own flush took tens of
 * milliseconds in the same second, the device stalled (whatever asked it to), which PostgreSQL's wait events alone
 * (`IO:WalSync`) cannot tell from the WAL's own volume. The probe adds 20 flushes a second beside PostgreSQL's
 * hundreds. Returns the function that stops it and removes its file.
 */
export async function startDiskFlushProbe(
  directory: string,
  report: (sample: DiskSample) => void,
  intervalMs = 1000,
): Promise<() => Promise<void>> {
  const file = path.join(directory, `.ft-bench-flush-probe-${process.pid}`);
  const handle = await open(file, 'w');
  const block = Buffer.alloc(512, 0x2a);
  let window = { flushes: 0, maxMs: 0 };
  let flushStartedAt: number | null = null;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      flushStartedAt = started;
      try {
        await handle.write(block, 0, block.length, 0);
        await handle.datasync();
      } finally {
        // A failed flush ends the probe: it must not be reported as a wait that grows forever.
        flushStartedAt = null;
      }
      const ms = performance.now() - started;
      window.flushes++;
      window.maxMs = Math.max(window.maxMs, ms);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, PROBE_INTERVAL_MS - ms)));
    }
  })().catch((error) => console.error('timeline: disk flush probe failed:', error.message));
  const timer = setInterval(() => {
    const now = performance.now();
    const waiting = flushStartedAt === null ? 0 : now - flushStartedAt;
    report({
      at: performance.timeOrigin + now,
      flushes: window.flushes,
      flushMaxMs: Math.max(window.maxMs, waiting),
    });
    window = { flushes: 0, maxMs: 0 };
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await loop;
    await handle.close();
    await rm(file, { force: true });
  };
}
