import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';

/**
 * The secret that signs access tokens when JWT_SECRET is not set, outside production: random, generated at first
 * start and kept in DATA_DIR (readable by this user only), so that `npm start` needs no setup and tokens stay valid
 * across restarts. No key known to anyone else ever signs tokens. Production refuses to start without JWT_SECRET.
 */
export function developmentJwtSecret(env: string, dataDir: string): string {
  if (env === 'production') throw new Error('JWT_SECRET is required in production');
  const file = path.join(dataDir, JWT_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  // Written aside then linked into place: a process starting at the same time reads a whole secret or none, and
  // only the first link wins.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  chmodSync(draft, 0o600);
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  const secret = readSecret(file);
  if (!secret)
    throw new Error(`${file} holds no usable secret (32+ characters): delete it or set JWT_SECRET`);
  return secret;
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < 32) {
    throw new Error(`${file} holds no usable secret (32+ characters): delete it or set JWT_SECRET`);
  }
  return secret;
}
