import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

const require = createRequire(import.meta.url);

type KoaContext = {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  status: number;
  body: unknown;
};
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
type S3rverInstance = {
  middleware: Middleware[];
  run(): Promise<unknown>;
  close(): Promise<void>;
};
type S3rverClass = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
}) => S3rverInstance;
type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;

const S3rver = require('s3rver') as S3rverClass;
const S3Error = require('s3rver/lib/models/error.js') as S3ErrorClass;

export type S3Server = {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where s3rver keeps the bucket, to look at what is really stored. */
  directory: string;
  stop: () => Promise<void>;
};

/** The S3 settings of `config.storage.s3` that point at `server`. */
export function s3Settings(server: S3Server) {
  return {
    endpoint: server.endpoint,
    bucket: server.bucket,
    region: 'us-east-1',
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
  };
}

/**
 * A real S3-protocol server (s3rver) of the caller's own on a free port, keeping its objects in a temporary directory
 * removed by `stop`. The bucket does not exist yet: the store creates it, as it would on a fresh server.
 */
export async function startS3Server(): Promise<S3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'ft-s3-'));
  const port = await freePort();
  const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
  // Just before the router, which answers NotImplemented for these two.
  server.middleware.splice(server.middleware.length - 1, 0, pendingUploads(directory));
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'financialtracker-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    directory,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * ListMultipartUploads and AbortMultipartUpload, which s3rver lacks, over its own layout: an unfinished multipart
 * upload is the folder `<bucket>/._S3rver_uploads/<uploadId>` holding the key and the parts received.
 */
function pendingUploads(directory: string): Middleware {
  const uploadsOf = (bucket: string) => path.join(directory, bucket, '._S3rver_uploads');
  return async (ctx, next) => {
    const [, bucket = '', ...rest] = ctx.path.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (!bucket) return next();
    if (ctx.method === 'GET' && !key && 'uploads' in ctx.query) {
      const ids = await readdir(uploadsOf(bucket)).catch(() => []);
      const uploads = await Promise.all(
        ids.map(async (id) => ({
          Key: await readFile(path.join(uploadsOf(bucket), id, 'key'), 'utf8'),
          UploadId: id,
          Initiated: (await stat(path.join(uploadsOf(bucket), id, 'key'))).mtime.toISOString(),
        })),
      );
      const prefix = ctx.query.prefix ?? '';
      ctx.body = {
        ListMultipartUploadsResult: {
          Bucket: bucket,
          IsTruncated: false,
          Upload: uploads.filter((u) => u.Key.startsWith(prefix)),
        },
      };
      return;
    }
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'DELETE' && key && uploadId) {
      const folder = path.join(uploadsOf(bucket), path.basename(uploadId));
      if (!(await stat(folder).catch(() => null))) {
        throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
      }
      await rm(folder, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    return next();
  };
}
