import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { JWT_SECRET_FILE } from './jwt-secret.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-secret-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('JWT secret without JWT_SECRET', () => {
  it('is generated at first start, random, and kept under DATA_DIR readable by its owner only', async () => {
    const { jwtSecret } = loadConfig({ DATA_DIR: dataDir });
    expect(jwtSecret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, JWT_SECRET_FILE);
    expect((await readFile(file, 'utf8')).trim()).toBe(jwtSecret);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const other = await mkdtemp(path.join(os.tmpdir(), 'ft-secret-'));
    try {
      expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(jwtSecret);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('is reused on the next start, so tokens stay valid across restarts', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).jwtSecret).toBe(first);
  });

  it('refuses a secret file too short to be a key', async () => {
    await writeFile(path.join(dataDir, JWT_SECRET_FILE), 'short\n');
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(/usable secret/);
  });

  it('is never generated in production, which refuses to start', async () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(/JWT_SECRET/);
    await expect(stat(path.join(dataDir, JWT_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('is the one set in JWT_SECRET when there is one, and no file is written', async () => {
    const secret = 'a'.repeat(40);
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: secret }).jwtSecret).toBe(secret);
    await expect(stat(path.join(dataDir, JWT_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });
});
