import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server, type Upload } from '@tus/server';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { type DocumentDetail, type UploadFields, uploadFields } from '../../../common/documents.ts';
import type { ErrorCode } from '../../../common/errors.ts';
import type { Actor } from '../../platform/actor.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { errorBodyOf } from '../../platform/error-body.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { isClosed } from './retention.ts';

export const UPLOADS_PATH = '/api/uploads';

/** The metadata of a tus upload: the upload's fields, the dossier and the file's name. */
const uploadMetadata = uploadFields.extend({
  dossierId: z.string().uuid(),
  filename: z.string().trim().min(1).max(255),
});
type UploadMetadata = z.infer<typeof uploadMetadata>;

/** Who an upload belongs to, written by the server next to the client's metadata. */
const OWNER_KEY = 'ownerId';

/** What finishing an upload hands the staged file to (DocumentsService). */
export type DocumentUploader = {
  upload(
    actor: Actor,
    dossierId: string,
    fields: UploadFields,
    file: { filename: string; stream: AsyncIterable<Uint8Array> },
  ): Promise<DocumentDetail>;
};

/** The signed-in user of a tus request (the API's auth guard checked the token) and where its failures go. */
export type UploadCaller = { user: AuthUser; log: FastifyBaseLogger };

export type ResumableUploadsDeps = {
  documents: DocumentUploader;
  dossiers: Pick<DossiersService, 'find'>;
  dataDir: string;
  uploadResumeHours: number;
  documentMaxBytes: number;
};

/** A refusal as tus answers it: status and body (our JSON error shape); headers apply to returned answers only. */
type TusAnswer = { status_code: number; body: string; headers: Record<string, string> };

/**
 * Resumable uploads (tus 1.0, `@tus/server`): files are staged under `<dataDir>/uploads` until their last byte, then
 * streamed into DocumentsService.upload, which checks and stores them as any upload; the final PATCH answers the
 * document (200) or the refusal, and the staged file is removed either way. An upload belongs to the user who
 * created it (others get 404); its creation is refused unless the metadata is valid and the dossier theirs and open.
 * Staged parts left unfinished past `uploadResumeHours` are removed by the `documents.uploads-expire` job.
 *
 * Staged files live on this instance's disk: behind several instances, uploads need a shared `DATA_DIR` or sticky
 * routing of `/api/uploads`.
 */
export class ResumableUploads {
  private readonly deps: ResumableUploadsDeps;
  private readonly store: FileStore;
  private readonly server: Server;
  /** The caller of the tus request being served, for the server's hooks (they only receive the request). */
  private readonly callers = new AsyncLocalStorage<UploadCaller | null>();

  constructor(deps: ResumableUploadsDeps) {
    this.deps = deps;
    this.store = new FileStore({
      directory: path.join(deps.dataDir, 'uploads'),
      expirationPeriodInMilliseconds: deps.uploadResumeHours * 3600_000,
    });
    this.server = new Server({
      path: UPLOADS_PATH,
      datastore: this.store,
      maxSize: deps.documentMaxBytes,
      // Same origin: the Location needs no host (which a proxy may rewrite), and no CORS header is sent.
      relativeLocation: true,
      allowedOrigins: () => false,
      onUploadCreate: (_req, upload) => this.refusing(() => this.authoriseCreation(upload)),
      onIncomingRequest: (req, id) => this.refusing(() => this.requireOwner(req.method, id)),
      onUploadFinish: (_req, upload) => this.finish(upload),
      onResponseError: (_req, error) => ('status_code' in error ? tusRefusal(error) : this.answerFor(error)),
    });
    // After the final answer is written: removing the staged file earlier would fail tus's own last look at it.
    this.server.on(EVENTS.POST_FINISH, (_req, _res, upload) => {
      const caller = this.callers.getStore();
      this.store
        .remove(upload.id)
        .catch((error) => caller?.log.warn({ err: error }, 'staged upload not removed'));
    });
  }

  /** Serves one tus request; `caller` is null only for OPTIONS (capabilities, no upload touched). */
  handle(req: IncomingMessage, res: ServerResponse, caller: UploadCaller | null): Promise<void> {
    return this.callers.run(caller, () => this.server.handle(req, res));
  }

  /** Removes the staged files of uploads left unfinished past the resume window; how many. */
  deleteExpired(): Promise<number> {
    return this.store.deleteExpired();
  }

  private caller(): UploadCaller {
    const caller = this.callers.getStore();
    if (!caller) throw new AppError(401, 'UNAUTHENTICATED', 'Authentification requise');
    return caller;
  }

  /** Creation: valid metadata, a dossier the caller sees and that is open; the caller becomes the owner. */
  private async authoriseCreation(upload: Upload): Promise<{ metadata: Upload['metadata'] }> {
    const { user } = this.caller();
    const metadata = parseMetadata(upload.metadata);
    const dossier = await this.deps.dossiers.find(user, metadata.dossierId);
    if (isClosed(dossier.status)) {
      throw conflict('DOCUMENT_DOSSIER_CLOSED', 'Ce dossier est clos : il ne reçoit plus de documents');
    }
    const values = Object.entries(metadata).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    return { metadata: { ...Object.fromEntries(values), [OWNER_KEY]: user.id } };
  }

  /** HEAD, PATCH and DELETE of an upload: its owner only; to anyone else it does not exist. */
  private async requireOwner(method: string, id: string): Promise<void> {
    // A creation names an upload that does not exist yet: authoriseCreation checks it.
    if (method === 'POST') return;
    const upload = await this.store.getUpload(id).catch(() => null);
    if (!upload || upload.metadata?.[OWNER_KEY] !== this.caller().user.id) throw notFound('Téléversement');
  }

  /** The last byte arrived: the staged file becomes a document version, or the refusal is the answer. */
  private async finish(upload: Upload): Promise<TusAnswer> {
    const stream = this.store.read(upload.id);
    try {
      const { dossierId, filename, ...fields } = parseMetadata(upload.metadata);
      const document = await this.deps.documents.upload(this.caller().user, dossierId, fields, {
        filename,
        stream,
      });
      return { status_code: 200, headers: JSON_HEADERS, body: JSON.stringify(document) };
    } catch (error) {
      return this.answerFor(error);
    } finally {
      stream.destroy();
    }
  }

  /** Runs a hook, turning its failure into the answer tus sends (a hook that throws aborts the request). */
  private async refusing<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.answerFor(error);
    }
  }

  private answerFor(error: unknown): TusAnswer {
    const { status, body, log, retryAfterSeconds } = errorBodyOf(error);
    if (log) this.callers.getStore()?.log[log.level]({ err: error }, log.message);
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (retryAfterSeconds) headers['Retry-After'] = String(retryAfterSeconds);
    return { status_code: status, body: JSON.stringify(body), headers };
  }
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

/** The API's codes for the tus server's own refusals, by status. */
const tusRefusalCodes: Partial<Record<number, ErrorCode>> = {
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The tus server's own refusals (plain text: a missing header, an offset that does not match…) in the API's error
 * shape; ours, already in it, pass as they are.
 */
function tusRefusal(error: { status_code: number; body: string }): { status_code: number; body: string } {
  if (error.body.startsWith('{')) return error;
  const status = error.status_code;
  const code = tusRefusalCodes[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'DOCUMENT_UPLOAD_INVALID');
  const message = `Téléversement refusé (protocole tus) : ${error.body.trim()}`;
  return { status_code: status, body: JSON.stringify({ error: { code, message } }) };
}

/** tus metadata (values are strings, or null for a key without a value) read as an upload's fields. */
function parseMetadata(metadata: Upload['metadata']): UploadMetadata {
  const present = Object.entries(metadata ?? {}).filter(([, value]) => value !== null);
  const parsed = uploadMetadata.safeParse(Object.fromEntries(present));
  if (!parsed.success) {
    throw new AppError(
      400,
      'DOCUMENT_UPLOAD_INVALID',
      'Téléversement invalide : dossier, catégorie ou nom de fichier manquant ou incorrect',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
