import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { notFound } from '../errors.ts';
import {
  type BlobSource,
  type BlobStorage,
  checkPrefix,
  isBlobKey,
  limited,
  newBlobKey,
  type StoredBlob,
} from './blob-storage.ts';

const PART = '.part';
const WRITE_BUFFER_BYTES = 1024 * 1024;

/** Files under `root` (`<root>/<prefix>/<fan-out>/<id>`); a blob being written is `<id>.part` beside them. */
export class LocalDiskStorage implements BlobStorage {
  private readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    if (!isBlobKey(key)) throw notFound('Fichier');
    return path.join(this.root, key);
  }

  async put(source: BlobSource, options: { maxBytes: number; prefix?: string }): Promise<StoredBlob> {
    const key = newBlobKey(options.prefix);
    const file = this.pathOf(key);
    const part = file + PART;
    await mkdir(path.dirname(file), { recursive: true });
    const counter = { size: 0 };
    try {
      // flush: fsync before close, so the rename never publishes a file whose bytes are not yet on disk.
      // A buffer of 1 MiB: with the default 16 KiB, each 64 KiB chunk of a request waited for its own write
      // (a 1 MB upload took 9-15 ms to receive, 3-5 ms with it; the chunks queued meanwhile go in one writev).
      await pipeline(
        limited(source, options.maxBytes, counter),
        createWriteStream(part, { flags: 'wx', flush: true, highWaterMark: WRITE_BUFFER_BYTES }),
      );
      await rename(part, file);
    } catch (error) {
      await rm(part, { force: true });
      throw error;
    }
    return { key, size: counter.size, encrypted: false };
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const handle = await open(this.pathOf(key), 'r').catch(() => null);
    if (!handle) throw notFound('Fichier');
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw notFound('Fichier');
      return { stream: handle.createReadStream(), size: info.size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string, olderThan: Date): AsyncIterable<string> {
    for await (const file of this.files([checkPrefix(prefix)])) {
      if (!file.partial && file.modified < olderThan) yield file.key;
    }
  }

  async abandonIncomplete(olderThan: Date): Promise<number> {
    let removed = 0;
    for await (const file of this.files(await entries(this.root))) {
      if (!file.partial || file.modified >= olderThan) continue;
      await rm(path.join(this.root, file.key + PART), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** The blobs and `.part` files under the given prefixes; anything else found there is skipped. */
  private async *files(prefixes: string[]) {
    for (const prefix of prefixes) {
      for (const fan of await entries(path.join(this.root, prefix))) {
        for (const name of await entries(path.join(this.root, prefix, fan))) {
          const partial = name.endsWith(PART);
          const key = `${prefix}/${fan}/${partial ? name.slice(0, -PART.length) : name}`;
          if (!isBlobKey(key)) continue;
          const info = await stat(path.join(this.root, prefix, fan, name)).catch(() => null);
          if (info?.isFile()) yield { key, partial, modified: info.mtime };
        }
      }
    }
  }
}

/** A folder's entries; none when it does not exist (yet, or any more). */
async function entries(folder: string): Promise<string[]> {
  return readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
}
