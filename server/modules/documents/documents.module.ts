import type { AppModule } from '../../module.ts';
import { flagOverdueRequests } from './document-requests.jobs.ts';
import { documentRequestsRoutes } from './document-requests.routes.ts';
import { purgeRetainedDocuments, reconcileDocumentBlobs } from './documents.jobs.ts';
import { documentsRoutes } from './documents.routes.ts';
import { documentsSearchRoutes } from './documents-search.routes.ts';
import { registerExtraction } from './extraction.jobs.ts';
import { expireUploads } from './uploads.jobs.ts';
import { uploadsTusRoutes } from './uploads.tus.ts';

export const documentsModule: AppModule = {
  name: 'documents',
  async register(app, { services, config }) {
    const { documents, jobs } = services;
    jobs.register(flagOverdueRequests, { requests: documents.requests });
    await app.register(documentRequestsRoutes, { requests: documents.requests });
    jobs.register(expireUploads, { uploads: documents.uploads });
    await app.register(uploadsTusRoutes, { uploads: documents.uploads });
    jobs.register(reconcileDocumentBlobs, { removal: documents.removal });
    jobs.register(purgeRetainedDocuments, { removal: documents.removal });
    registerExtraction(jobs, services.events, documents.extraction);
    await app.register(documentsSearchRoutes, { search: documents.search });
    await app.register(documentsRoutes, {
      documents: documents.documents,
      downloads: documents.downloads,
      removal: documents.removal,
      documentMaxBytes: config.documentMaxBytes,
    });
  },
};
