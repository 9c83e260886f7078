/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) version beside each text file of a built directory, at the strongest
 * settings since it happens once per build; the server sends the one the browser accepts (@fastify/static's
 * `preCompressed`). A version no smaller than its file is not written. Source maps are left alone.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const TEXT_FILE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;

export async function precompress(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && TEXT_FILE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
  await Promise.all(
    files.map(async (file) => {
      const content = await readFile(file);
      const versions = await Promise.all([
        brotli(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      const [br, gz] = versions;
      if (br && br.length < content.length) await writeFile(`${file}.br`, br);
      if (gz && gz.length < content.length) await writeFile(`${file}.gz`, gz);
    }),
  );
  return files.length;
}
