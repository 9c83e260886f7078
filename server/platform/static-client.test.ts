import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootLoader } from '../../common/prerendered-boot.ts';
import { precompress } from '../../scripts/precompress.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';

/** A built client as the build script leaves it: shell, prerendered pages, a hashed asset, each precompressed. */
async function builtClient(dir: string) {
  const script = `export const answer = ${JSON.stringify('x'.repeat(4000))};`;
  await mkdir(path.join(dir, 'assets'));
  await mkdir(path.join(dir, 'prerendered'));
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(
    path.join(dir, 'prerendered', 'index.html'),
    '<!doctype html><div id="root"><h1>Landing</h1></div>',
  );
  await writeFile(
    path.join(dir, 'prerendered', 'connexion.html'),
    '<!doctype html><div id="root"><h1>Login</h1></div>',
  );
  await writeFile(path.join(dir, 'assets', 'index-abc123.js'), script);
  await writeFile(
    path.join(dir, 'favicon.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(2000)}</svg>`,
  );
  await precompress(dir);
  return script;
}

let dist: string;
let script: string;
let t: TestApp;
beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'ft-dist-'));
  script = await builtClient(dist);
  t = await startTestApp({}, { clientDir: dist });
});
afterAll(async () => {
  await t.close();
  await rm(dist, { recursive: true, force: true });
});

/** A GET as a browser sends it, accepting these encodings; fetch decodes the body. */
const get = (url: string, acceptEncoding = 'br, gzip') =>
  t.request('GET', url, { headers: { 'accept-encoding': acceptEncoding } });

describe('the web client’s pages', () => {
  it('answers / with the prerendered landing page, revalidated on every visit', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('<h1>Landing</h1>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('lets the prerendered pages’ boot loader run, by its hash, and no other inline script', async () => {
    const hash = createHash('sha256').update(bootLoader).digest('base64');
    const scripts = /script-src ([^;]+)/.exec(
      (await get('/')).headers.get('content-security-policy') ?? '',
    )?.[1];
    expect(scripts?.split(' ')).toEqual(["'self'", `'sha256-${hash}'`]);
  });

  it('answers the login page with its prerendered HTML, whatever its query', async () => {
    const page = await get('/connexion?next=%2Fespace');
    expect(page.body).toContain('<h1>Login</h1>');
  });

  it('answers any other client route with the empty shell, so deep links load', async () => {
    const page = await get('/dossiers/42');
    expect(page.status).toBe(200);
    expect(page.body).toBe('<!doctype html><div id="root"></div>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('keeps API 404s in JSON and answers 404 to a missing asset', async () => {
    const api = await get('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    expect((await get('/assets/index-old.js')).status).toBe(404);
  });
});

describe('the web client’s files', () => {
  it('are sent in brotli when the browser accepts it, as JavaScript, and vary on Accept-Encoding', async () => {
    const res = await get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.body).toBe(script);
  });

  it('are sent in gzip to a browser that only accepts gzip, and as they are to one that accepts neither', async () => {
    const gzip = await get('/assets/index-abc123.js', 'gzip');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.body).toBe(script);
    const identity = await get('/assets/index-abc123.js', 'identity');
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(identity.body).toBe(script);
  });

  it('are compressed for pages too, and unhashed files are revalidated', async () => {
    expect((await get('/')).headers.get('content-encoding')).toBe('br');
    const icon = await get('/favicon.svg', 'gzip');
    expect(icon.headers.get('content-encoding')).toBe('gzip');
    expect(icon.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('are cached for good when their name carries their hash', async () => {
    const res = await get('/assets/index-abc123.js');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('include an asset built after the start', async () => {
    await writeFile(path.join(dist, 'assets', 'index-new.js'), 'export {};');
    const rebuilt = await get('/assets/index-new.js');
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.headers.get('content-type')).toMatch(/javascript/);
    expect(rebuilt.headers.get('cache-control')).toContain('immutable');
  });
});
