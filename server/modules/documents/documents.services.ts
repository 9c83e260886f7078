import type { Config } from '../../config.ts';
import type { Platform } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { DocumentDownloadsService } from './document-downloads.service.ts';
import { DocumentRemovalService } from './document-removal.service.ts';
import { DocumentRequestsService } from './document-requests.service.ts';
import { DocumentsService } from './documents.service.ts';
import { DocumentsSearchService } from './documents-search.service.ts';
import { ExtractionService } from './extraction.service.ts';
import { ResumableUploads } from './resumable-uploads.ts';

export type DocumentsModuleDeps = Pick<Platform, 'db' | 'clock' | 'events' | 'jobs' | 'storage'> & {
  dossiers: DossiersService;
  users: UsersService;
  products: ProductsService;
  config: Pick<
    Config,
    | 'documentMaxBytes'
    | 'documentRetentionYears'
    | 'documentLinkTtlSeconds'
    | 'uploadResumeHours'
    | 'ocr'
    | 'dataDir'
    | 'jwtSecret'
    | 'publicUrl'
  >;
};

/** The documents module's services, built once: documents and versions, requests, resumable uploads, search. */
export function createDocuments(deps: DocumentsModuleDeps) {
  const { db, clock, events, dossiers } = deps;
  const requests = new DocumentRequestsService({ db, clock, events, dossiers });
  const { storage, config, products } = deps;
  const documents = new DocumentsService({ db, clock, events, storage, dossiers, products, config });
  const downloads = new DocumentDownloadsService({ db, clock, storage, users: deps.users, config });
  const removal = new DocumentRemovalService({ db, clock, events, storage, config });
  const uploads = new ResumableUploads({ documents, dossiers, ...config });
  const extraction = new ExtractionService({ db, clock, storage, config });
  const search = new DocumentsSearchService({ db, clock, config });
  return { deps, requests, documents, downloads, removal, uploads, extraction, search };
}

export type Documents = ReturnType<typeof createDocuments>;
