import { z } from 'zod';
import { roles } from './roles.ts';

/** Why the personal data export refuses a request. */
export const privacyErrorCodes = ['DATA_EXPORT_RATE_LIMITED'] as const;

/** How many exports of their data one person may take per hour: each reads everything they have. */
export const DATA_EXPORT_LIMIT_PER_HOUR = 3;

/** A file of the archive taken from the blob store: a document version or a message attachment. */
export const exportedFile = z.object({
  path: z.string(),
  sizeBytes: z.number().int(),
  /** The SHA-256 recorded at upload (documents only). */
  sha256: z.string().nullable(),
  /** False when the stored file could not be read: the archive then holds an empty file at `path`. */
  available: z.boolean(),
});

/** `manifest.json`: what the archive holds, written last, once every file was read. */
export const dataExportManifest = z.object({
  format: z.literal('financialtracker.personal-data'),
  version: z.literal(1),
  generatedAt: z.iso.datetime(),
  user: z.object({ id: z.uuid(), email: z.string(), role: z.enum(roles) }),
  /** The JSON files, one per area of the platform. */
  dataFiles: z.array(z.string()),
  files: z.array(exportedFile),
});
export type DataExportManifest = z.infer<typeof dataExportManifest>;
export type ExportedFile = z.infer<typeof exportedFile>;
