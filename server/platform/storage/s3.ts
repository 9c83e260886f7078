import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandInput,
  type ListMultipartUploadsCommandOutput,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { StorageConfig } from '../../config.ts';
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

export type S3Settings = NonNullable<StorageConfig['s3']>;

/** At most partSize × queueSize bytes of an upload are held in memory at once. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Blobs as objects of one bucket of an S3-compatible server, under the same keys as on local disk. */
export class S3Storage implements BlobStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private bucketReady: Promise<void> | undefined;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // The checksums the SDK adds by default are unknown to many S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Creates the bucket on first use when it is missing, so that a fresh server works. */
  private ready(): Promise<void> {
    this.bucketReady ??= this.ensureBucket().catch((error) => {
      this.bucketReady = undefined;
      throw error;
    });
    return this.bucketReady;
  }

  private async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket })).catch((createError) => {
        // Another instance created it meanwhile.
        if (statusOf(createError) !== 409) throw createError;
      });
    }
  }

  async put(source: BlobSource, options: { maxBytes: number; prefix?: string }): Promise<StoredBlob> {
    await this.ready();
    const key = newBlobKey(options.prefix);
    const counter = { size: 0 };
    const body = Readable.from(limited(source, options.maxBytes, counter));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      // Aborted below, so that a failing abort cannot hide the error that caused it.
      leavePartsOnError: true,
    });
    try {
      await upload.done();
    } catch (error) {
      body.destroy();
      if (upload.uploadId) {
        // abandonIncomplete removes it later if this fails too.
        await this.abort(key, upload.uploadId).catch(() => undefined);
      }
      throw error;
    }
    return { key, size: counter.size, encrypted: false };
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    if (!isBlobKey(key)) throw notFound('Fichier');
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { stream: object.Body as Readable, size: object.ContentLength ?? 0 };
    } catch (error) {
      // NoSuchKey, or NoSuchBucket before the first upload.
      if (statusOf(error) === 404) throw notFound('Fichier');
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    if (!isBlobKey(key)) throw notFound('Fichier');
    await this.ready();
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(prefix: string, olderThan: Date): AsyncIterable<string> {
    const Prefix = `${checkPrefix(prefix)}/`;
    await this.ready();
    for await (const page of paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix },
    )) {
      for (const object of page.Contents ?? []) {
        if (object.Key && isBlobKey(object.Key) && object.LastModified && object.LastModified < olderThan) {
          yield object.Key;
        }
      }
    }
  }

  async abandonIncomplete(olderThan: Date): Promise<number> {
    await this.ready();
    let removed = 0;
    let next: ListMultipartUploadsCommandInput | undefined = { Bucket: this.bucket };
    while (next) {
      const page: ListMultipartUploadsCommandOutput = await this.client.send(
        new ListMultipartUploadsCommand(next),
      );
      for (const upload of page.Uploads ?? []) {
        // Only ours: the bucket may hold other applications' uploads.
        if (!upload.Key || !isBlobKey(upload.Key) || !upload.UploadId) continue;
        if (!upload.Initiated || upload.Initiated >= olderThan) continue;
        await this.abort(upload.Key, upload.UploadId);
        removed += 1;
      }
      next = page.IsTruncated
        ? { Bucket: this.bucket, KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker }
        : undefined;
    }
    return removed;
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    await this.client.send(
      new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
    );
  }
}
