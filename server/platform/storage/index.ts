import path from 'node:path';
import type { StorageConfig } from '../../config.ts';
import type { BlobStorage } from './blob-storage.ts';
import { EncryptedStorage } from './encryption.ts';
import { LocalDiskStorage } from './local-disk.ts';
import type { S3Settings } from './s3.ts';

export { type BlobSource, type BlobStorage, payloadTooLarge, type StoredBlob } from './blob-storage.ts';

/**
 * The configured store: S3 when `s3` is set, local disk under `<dataDir>/blobs` otherwise. With a master key, blobs
 * go through encryption (new ones encrypted unless `encrypt` is off; encrypted ones always readable).
 */
export function createStorage(config: StorageConfig): BlobStorage {
  const store = config.s3
    ? s3OnFirstUse(config.s3)
    : new LocalDiskStorage(path.join(config.dataDir, 'blobs'));
  return config.masterKey
    ? new EncryptedStorage(store, config.masterKey, { encrypt: config.encrypt })
    : store;
}

/** The S3 store, its SDK (about 12 MB of heap) loaded with the first blob it handles: a disk store never loads it. */
function s3OnFirstUse(settings: S3Settings): BlobStorage {
  let store: Promise<BlobStorage> | undefined;
  const loaded = () => {
    store ??= import('./s3.ts').then(({ S3Storage }) => new S3Storage(settings));
    return store;
  };
  return {
    put: async (source, options) => (await loaded()).put(source, options),
    get: async (key) => (await loaded()).get(key),
    delete: async (key) => (await loaded()).delete(key),
    async *list(prefix, olderThan) {
      yield* (await loaded()).list(prefix, olderThan);
    },
    abandonIncomplete: async (olderThan) => (await loaded()).abandonIncomplete(olderThan),
  };
}
