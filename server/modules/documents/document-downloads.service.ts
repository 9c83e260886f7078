import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { accessLogEntry, signedLink } from '../../../common/documents.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Config } from '../../config.ts';
import type { Actor } from '../../platform/actor.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import { accessLogRepo } from './access-log.repo.ts';
import { mayRead, requireManager, requireReader } from './documents.access.ts';
import { isPreviewable } from './documents.presenter.ts';
import { type DocumentRow, documentsRepo, type VersionRow } from './documents.repo.ts';
import { invalidLink, SignedLinks } from './signed-links.ts';

export type DocumentDownloadsDeps = Pick<Platform, 'db' | 'clock' | 'storage'> & {
  users: UsersService;
  config: Pick<Config, 'documentLinkTtlSeconds' | 'jwtSecret'>;
};

/** Where a request for the bytes came from, for the access log. */
export type Requester = { ip: string | null; userAgent: string | null };

export type Disposition = 'inline' | 'attachment';

/** The bytes of a version and how to serve them. */
export type ServedFile = {
  stream: Readable;
  size: number;
  filename: string;
  mimeType: string;
  sha256: string;
  /** Shown in the page (a PDF or an image asked for inline) rather than saved. */
  inline: boolean;
};

type AccessLogEntry = z.infer<typeof accessLogEntry>;

/**
 * The bytes of documents, only through authorised routes or short-lived signed links, every view and download
 * written to the access log that the dossier's expert and the admins read.
 */
export class DocumentDownloadsService extends Service<DocumentDownloadsDeps> {
  private readonly links: SignedLinks;

  constructor(deps: DocumentDownloadsDeps) {
    super(deps);
    this.links = new SignedLinks(deps.config.jwtSecret);
  }

  async open(
    actor: Actor,
    documentId: string,
    versionId: string,
    disposition: Disposition,
    from: Requester,
  ): Promise<ServedFile> {
    const { document, version } = await this.readable(actor, documentId, versionId);
    return this.serve(document, version, disposition === 'inline', {
      userId: actor.id,
      via: 'route',
      ...from,
    });
  }

  /** A link that serves the version without a session until it expires (an `<img>` or an `<iframe>` source). */
  async link(
    actor: Actor,
    documentId: string,
    versionId: string,
    disposition: Disposition,
  ): Promise<z.infer<typeof signedLink>> {
    await this.readable(actor, documentId, versionId);
    const { token, expiresAt } = this.links.issue(
      { objectId: versionId, userId: actor.id, inline: disposition === 'inline' },
      this.deps.clock.now(),
      this.deps.config.documentLinkTtlSeconds,
    );
    return { url: `/api/document-links/${token}`, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The bytes a signed link grants, while its maker may still read them (an expert replaced or an account suspended
   * since is refused); logged in the maker's name.
   */
  async openLink(token: string, from: Requester): Promise<ServedFile> {
    const grant = this.links.verify(token, this.deps.clock.now());
    const version = await documentsRepo.findVersionById(this.deps.db, grant.objectId);
    const document = version && (await documentsRepo.find(this.deps.db, version.documentId));
    if (!version || !document) throw notFound('Document');
    const maker = await this.deps.users.get(grant.userId).catch(() => null);
    const actor = maker && { id: maker.id, role: maker.role, companyId: maker.company?.id ?? null };
    if (!actor || maker.status !== 'active' || !mayRead(actor, document)) throw invalidLink();
    return this.serve(document, version, grant.inline, { userId: grant.userId, via: 'signed_link', ...from });
  }

  /** Who opened the document, newest first: the dossier's expert and the admins. */
  async accessLog(
    actor: Actor,
    documentId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<AccessLogEntry>> {
    const document = await documentsRepo.find(this.deps.db, documentId);
    requireManager(actor, document, 'Seuls l’expert du dossier et les administrateurs lisent ce journal');
    const after = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const rows = await accessLogRepo.page(this.deps.db, documentId, query.limit, after);
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.at.toISOString(), last.id]);
    return {
      items: items.map((r) => ({
        id: r.id,
        versionId: r.versionId,
        version: r.version,
        user: r.userId ? { id: r.userId, name: r.userName ?? '' } : null,
        action: r.action,
        via: r.via,
        ip: r.ip,
        at: r.at.toISOString(),
      })),
      nextCursor,
    };
  }

  private async readable(actor: Actor, documentId: string, versionId: string) {
    const document = await documentsRepo.find(this.deps.db, documentId);
    requireReader(actor, document);
    const version = await documentsRepo.findVersion(this.deps.db, documentId, versionId);
    if (!version) throw notFound('Version');
    return { document, version };
  }

  /** Opens the blob, then logs the access: inline is a preview, and only PDFs and images are shown inline. */
  private async serve(
    document: DocumentRow,
    version: VersionRow,
    askedInline: boolean,
    by: { userId: string; via: 'route' | 'signed_link' } & Requester,
  ): Promise<ServedFile> {
    const inline = askedInline && isPreviewable(version.mimeType);
    const blob = await this.deps.storage.get(version.storageKey);
    const at = this.deps.clock.now();
    try {
      await accessLogRepo.insert(this.deps.db, {
        id: uuidv7(at.getTime()),
        documentId: document.id,
        versionId: version.id,
        dossierId: document.dossierId,
        userId: by.userId,
        action: inline ? 'preview' : 'download',
        via: by.via,
        ip: by.ip,
        userAgent: by.userAgent?.slice(0, 500) ?? null,
        at,
      });
    } catch (error) {
      blob.stream.destroy();
      throw error;
    }
    return {
      stream: blob.stream,
      size: blob.size,
      filename: version.filename,
      mimeType: version.mimeType,
      sha256: version.sha256,
      inline,
    };
  }
}
