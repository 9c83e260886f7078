import type { z } from 'zod';
import { uuidv7 } from '../../../../common/ids.ts';
import {
  type ExportJob,
  type ExportList,
  type exportRequest,
  type ReportFormat,
  type ReportParams,
  type ReportType,
  reportFileName,
  reportFormatTypes,
} from '../../../../common/reports.ts';
import type { Actor } from '../../../platform/actor.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { JobSender } from '../../../platform/jobs.ts';
import { type Platform, Service } from '../../../platform/service.ts';
import type { BlobStorage } from '../../../platform/storage/blob-storage.ts';
import type { SignedLinks } from '../../documents/signed-links.ts';
import type { ReportsService } from '../reports.service.ts';
import { type FileBytes, listFile, reportFile } from './export-files.ts';
import { runExport } from './exports.jobs.ts';
import { type ExportRow, exportsRepo as repo } from './exports.repo.ts';
import { listSources } from './list-sources.ts';

export type ExportsDeps = Pick<Platform, 'db' | 'clock'> & {
  jobs: JobSender;
  storage: BlobStorage;
  reports: ReportsService;
  links: SignedLinks;
  /** Days a file is kept. */
  retentionDays: number;
  /** Largest file an export may write. */
  maxBytes: number;
};

type ParsedRequest = z.output<typeof exportRequest>;

/** Minutes a download link given to the owner's page stays valid. */
const LINK_MINUTES = 15;

const exportNotReady = () =>
  new AppError(409, 'EXPORT_NOT_READY', 'Le fichier n’est pas (ou plus) disponible');

/** Rows between two progress updates of a list export (and checks that it was not cancelled). */
const PROGRESS_EVERY = 20_000;

class Cancelled extends Error {}

/**
 * Files of reports and lists, produced by the `reports.export` job: a request checks what its author may read and
 * queues; the job writes the file into storage (a temporary blob committed complete) and records it, unless the
 * export was cancelled meanwhile; the owner downloads it until it expires.
 */
export class ExportsService extends Service<ExportsDeps> {
  async request(actor: Actor, input: ParsedRequest): Promise<ExportJob> {
    const now = this.deps.clock.now();
    const params =
      input.kind === 'report' ? this.deps.reports.authorise(actor, input.type, input.params) : input.filters;
    if (input.kind === 'list') {
      const source = listSources[input.list];
      await source.check(this.deps.db, actor, input.filters as never);
      await source.onRequest?.(this.deps.db, actor, input.filters as never, now);
    }
    const id = await this.queued(actor.id, {
      kind: input.kind,
      source: input.kind === 'report' ? input.type : input.list,
      params,
      format: input.format,
      locale: input.locale,
    });
    await this.deps.jobs.send(runExport, { exportId: id });
    return this.present((await repo.find(this.deps.db, id))!);
  }

  async list(actor: Actor): Promise<{ items: ExportJob[] }> {
    const rows = await repo.listOfOwner(this.deps.db, actor.id, 20);
    return { items: rows.map((r) => this.present(r)) };
  }

  async get(actor: Actor, id: string): Promise<ExportJob> {
    return this.present(await this.owned(actor, id));
  }

  async cancel(actor: Actor, id: string): Promise<ExportJob> {
    const row = await this.owned(actor, id);
    const cancelled = await repo.cancel(this.deps.db, row.id, this.deps.clock.now());
    if (!cancelled) throw new AppError(409, 'EXPORT_NOT_CANCELLABLE', 'Cet export est déjà terminé');
    if (cancelled.removedBlobKey) await this.deps.storage.delete(cancelled.removedBlobKey);
    return this.present((await repo.find(this.deps.db, id))!);
  }

  /** The file of a ready export, for a holder of a valid link to it (made for its owner). */
  async file(id: string, token: string) {
    const grant = this.deps.links.verify(token, this.deps.clock.now());
    const row = await repo.find(this.deps.db, id);
    if (!row || grant.objectId !== id || grant.userId !== row.ownerId) throw notFound('Export');
    if (row.status !== 'ready' || !row.blobKey) throw exportNotReady();
    const { stream, size } = await this.deps.storage.get(row.blobKey);
    return { stream, size, fileName: row.fileName!, contentType: reportFormatTypes[row.format] };
  }

  /** A link to an export's file, valid `seconds` (an e-mailed link lasts as long as the file). */
  link(exportId: string, ownerId: string, seconds: number): string {
    const { token } = this.deps.links.issue(
      { objectId: exportId, userId: ownerId, inline: false },
      this.deps.clock.now(),
      seconds,
    );
    return `/api/exports/${exportId}/file?token=${token}`;
  }

  /** The job's work: writes the file, records it, or records why it failed (`lastAttempt`). */
  async run(exportId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<void> {
    const { db, clock, storage } = this.deps;
    const row = await repo.start(db, exportId, clock.now());
    if (!row) return;
    try {
      const owner = await this.activeOwner(row.ownerId);
      const { bytes, fileName, rows } = await this.produce(owner, row);
      const stored = await storage.put(bytes, { maxBytes: this.deps.maxBytes, prefix: 'exports' });
      const now = clock.now();
      const kept = await repo.finish(db, row.id, {
        blobKey: stored.key,
        sizeBytes: stored.size,
        fileName,
        rowsDone: rows.done,
        at: now,
        expiresAt: new Date(now.getTime() + this.deps.retentionDays * 86_400_000),
      });
      if (!kept) await storage.delete(stored.key);
    } catch (error) {
      if (error instanceof Cancelled) return;
      if (lastAttempt || error instanceof AppError) {
        await repo.fail(
          db,
          row.id,
          error instanceof AppError ? error.message : 'La production du fichier a échoué',
          clock.now(),
        );
        if (error instanceof AppError) return;
      }
      throw error;
    }
  }

  /**
   * A report written at once as a ready export of `owner` (a schedule's run): its file stays downloadable by a link
   * until the export expires.
   */
  async produceReport(
    owner: Actor,
    report: { type: ReportType; params: ReportParams; format: ReportFormat; locale: 'fr' | 'en' },
  ) {
    const id = await this.queued(owner.id, {
      kind: 'report',
      source: report.type,
      params: report.params,
      format: report.format,
      locale: report.locale,
    });
    await this.run(id, { lastAttempt: true });
    const row = (await repo.find(this.deps.db, id))!;
    if (row.status !== 'ready') throw new Error(row.error ?? 'The report could not be produced');
    return {
      exportId: id,
      blobKey: row.blobKey!,
      sizeBytes: Number(row.sizeBytes),
      fileName: row.fileName!,
      contentType: reportFormatTypes[report.format],
    };
  }

  /** Removes the files past their expiry. */
  async purgeExpired(): Promise<number> {
    const rows = await repo.expired(this.deps.db, this.deps.clock.now(), 500);
    for (const r of rows) {
      await this.deps.storage.delete(r.blobKey!);
      await repo.clearFile(this.deps.db, r.id);
    }
    return rows.length;
  }

  private async produce(
    owner: Actor,
    row: ExportRow,
  ): Promise<{ bytes: FileBytes; fileName: string; rows: { done: number } }> {
    const { db } = this.deps;
    const rows = { done: 0 };
    if (row.kind === 'report') {
      const type = row.source as Parameters<ReportsService['compose']>[0];
      const params = this.deps.reports.authorise(owner, type, row.params as never);
      const doc = await this.deps.reports.compose(type, params, row.locale, owner.companyId);
      return { bytes: reportFile(doc, row.format), fileName: reportFileName(doc, row.format), rows };
    }
    const source = listSources[row.source as ExportList];
    const filters = row.params as never;
    await source.check(db, owner, filters);
    const total = await source.count(db, owner, filters);
    await repo.progress(db, row.id, 0, total);
    const pages = this.tracked(row.id, source.pages(db, owner, filters, row.locale), rows, total);
    const day = this.deps.clock.now().toISOString().slice(0, 10);
    return {
      bytes: listFile(
        source.title(row.locale),
        source.columns(row.locale),
        pages,
        row.format as 'csv' | 'xlsx',
      ),
      fileName: `${source.name}-${day}.${row.format}`,
      rows,
    };
  }

  /** Counts the rows as they pass, records the progress, and stops when the export was cancelled. */
  private async *tracked<T>(
    id: string,
    pages: AsyncIterable<T[]>,
    rows: { done: number },
    total: number | null,
  ) {
    let reported = 0;
    for await (const page of pages) {
      rows.done += page.length;
      if (rows.done - reported >= PROGRESS_EVERY) {
        reported = rows.done;
        if (!(await repo.progress(this.deps.db, id, rows.done, total))) throw new Cancelled();
      }
      yield page;
    }
  }

  /** The account behind an export or a schedule, while it is active (what it may read is checked again). */
  async activeOwner(userId: string): Promise<Actor & { email: string }> {
    const owner = await repo.activeOwner(this.deps.db, userId);
    if (!owner) throw new AppError(403, 'FORBIDDEN', 'Le compte de cet export n’est plus actif');
    return owner;
  }

  /** A new export row, queued, of `ownerId`; its id. */
  private async queued(
    ownerId: string,
    e: Pick<ExportRow, 'kind' | 'source' | 'format' | 'locale'> & { params: unknown },
  ): Promise<string> {
    const now = this.deps.clock.now();
    const id = uuidv7(now.getTime());
    await repo.insert(this.deps.db, {
      id,
      ownerId,
      ...e,
      params: JSON.stringify(e.params),
      status: 'queued',
      createdAt: now,
    });
    return id;
  }

  private async owned(actor: Actor, id: string): Promise<ExportRow> {
    const row = await repo.find(this.deps.db, id);
    if (!row || row.ownerId !== actor.id) throw notFound('Export');
    return row;
  }

  private present(row: ExportRow): ExportJob {
    const progress =
      row.status === 'ready'
        ? 1
        : row.rowsTotal
          ? Math.min(1, Number(row.rowsDone) / Number(row.rowsTotal))
          : null;
    return {
      id: row.id,
      kind: row.kind,
      source: row.source,
      format: row.format as ReportFormat,
      status: row.status,
      rowsDone: Number(row.rowsDone),
      rowsTotal: row.rowsTotal === null ? null : Number(row.rowsTotal),
      progress,
      fileName: row.fileName,
      sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
      error: row.error,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      downloadUrl:
        row.status === 'ready' && row.blobKey ? this.link(row.id, row.ownerId, LINK_MINUTES * 60) : null,
    };
  }
}
