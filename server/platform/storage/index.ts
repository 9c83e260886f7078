import path from 'node:path';
import type { StorageConfig } from '../../config.ts';
import type { BlobStorage } from './blob-storage.ts';
import { EncryptedStorage } from './encryption.ts';
import { LocalDiskStorage } from './local-disk.ts';
import { S3Storage } from './s3.ts';

export { type BlobSource, type BlobStorage, payloadTooLarge, type StoredBlob } from './blob-storage.ts';

/**
 * The configured store: S3 when `s3` is set, local disk under `<dataDir>/blobs` otherwise. With a master key, blobs
 * go through encryption (new ones encrypted unless `encrypt` is off; encrypted ones always readable).
 */
export function createStorage(config: StorageConfig): BlobStorage {
  const store = config.s3
    ? new S3Storage(config.s3)
    : new LocalDiskStorage(path.join(config.dataDir, 'blobs'));
  return config.masterKey
    ? new EncryptedStorage(store, config.masterKey, { encrypt: config.encrypt })
    : store;
}
