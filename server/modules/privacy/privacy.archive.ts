import { PassThrough, pipeline, Readable } from 'node:stream';
import JSZip from 'jszip';
import type { DataExportManifest, ExportedFile } from '../../../common/privacy.ts';
import type { BlobStorage } from '../../platform/storage/index.ts';

/** A file of the blob store to put in the archive at `path`. */
export type StoredFile = { path: string; key: string; sizeBytes: number; sha256: string | null };

export type ArchiveContent = {
  at: Date;
  readme: string;
  dataFiles: { path: string; data: unknown }[];
  files: StoredFile[];
  manifest: Omit<DataExportManifest, 'files'>;
};

const json = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;

/**
 * The archive as a stream compressed while it is sent, never whole in memory: the README and the JSON files, then
 * each stored file, opened only when the ZIP reaches it (one open at a time whatever their number), and the manifest
 * last, once every file was read, so that it can say which could not be.
 */
export function streamArchive(storage: BlobStorage, content: ArchiveContent): Readable {
  const zip = new JSZip();
  const options = { date: content.at };
  zip.file('README.txt', content.readme, options);
  for (const { path, data } of content.dataFiles) zip.file(path, json(data), options);
  const open = new Set<Readable>();
  const exported = content.files.map((file) => {
    const entry: ExportedFile = {
      path: file.path,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      available: true,
    };
    return new Promise<ExportedFile>((resolve) => {
      const bytes = async function* () {
        try {
          yield* bytesOf(storage, file.key, entry, open);
        } finally {
          resolve(entry);
        }
      };
      zip.file(file.path, Readable.from(bytes()), options);
    });
  });
  const manifest = Promise.all(exported).then((files) => json({ ...content.manifest, files }));
  zip.file('manifest.json', manifest, options);

  const archive = new PassThrough();
  // A download cut short stops the ZIP: the stored file it was reading is closed with it.
  pipeline(zip.generateNodeStream({ streamFiles: true, compression: 'DEFLATE' }), archive, () => {
    for (const source of open) source.destroy();
  });
  return archive;
}

/** The plain bytes of a stored file; none, and `available` false, when the store cannot give them. */
async function* bytesOf(storage: BlobStorage, key: string, entry: ExportedFile, open: Set<Readable>) {
  let source: Readable;
  try {
    source = (await storage.get(key)).stream;
  } catch {
    entry.available = false;
    return;
  }
  open.add(source);
  try {
    yield* source;
  } finally {
    open.delete(source);
  }
}
