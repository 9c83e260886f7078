/**
 * Lighthouse runs in one Debian Chromium (chrome-launcher), performance category only. Each run starts with the
 * cookies it is given and nothing else (Lighthouse itself empties the cache and the origin's storage).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import puppeteer, { type Protocol } from 'puppeteer-core';

export type FormFactor = 'mobile' | 'desktop';
export const formFactors: readonly FormFactor[] = ['mobile', 'desktop'];

export type Run = { lcp_ms: number; tbt_ms: number; cls: number; score: number; scripts: string[] };
export type Cookie = Protocol.Network.CookieParam;

/** Where each run's full Lighthouse report goes, when set (`BENCH_WEB_REPORTS`): to see what a figure is made of. */
const reportsDir = process.env.BENCH_WEB_REPORTS;

export async function openChromium() {
  if (reportsDir) await mkdir(reportsDir, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox'],
  });
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const cdp = await browser.target().createCDPSession();
  return {
    browser,
    /** One Lighthouse run of `url` (Lighthouse's mobile defaults, or its desktop configuration). */
    async run(url: string, formFactor: FormFactor, cookies: Cookie[]): Promise<Run> {
      await cdp.send('Storage.clearCookies');
      if (cookies.length) await cdp.send('Storage.setCookies', { cookies });
      const result = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
        formFactor === 'desktop' ? desktopConfig : undefined,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      if (reportsDir) {
        const name = `${new URL(url).pathname.replaceAll('/', '_')}-${formFactor}-${Date.now()}.json`;
        await writeFile(path.join(reportsDir, name), JSON.stringify(lhr));
      }
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
      const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const requests = (lhr.audits['network-requests']?.details as { items?: NetworkRequest[] } | undefined)
        ?.items;
      return {
        lcp_ms: metric('largest-contentful-paint'),
        tbt_ms: metric('total-blocking-time'),
        cls: metric('cumulative-layout-shift'),
        score: lhr.categories.performance?.score ?? Number.NaN,
        scripts: (requests ?? []).filter((r) => r.resourceType === 'Script').map((r) => r.url),
      };
    },
    async close() {
      await browser.disconnect();
      chrome.kill();
    },
  };
}

type NetworkRequest = { url: string; resourceType?: string };

/** The cookies of a response's Set-Cookie headers, as Chromium's DevTools protocol takes them. */
export function cookiesOf(setCookieHeaders: string[], url: string): Cookie[] {
  return setCookieHeaders.map((header) => {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const attribute = new Map(
      attributes.map((a) => {
        const at = a.indexOf('=');
        return at < 0 ? [a.toLowerCase(), ''] : [a.slice(0, at).toLowerCase(), a.slice(at + 1)];
      }),
    );
    const sameSite = attribute.get('samesite')?.toLowerCase();
    const expires = attribute.get('expires');
    return {
      name: pair.slice(0, equals),
      value: pair.slice(equals + 1),
      url,
      path: attribute.get('path') ?? '/',
      httpOnly: attribute.has('httponly'),
      secure: attribute.has('secure'),
      ...(sameSite
        ? { sameSite: sameSite === 'strict' ? 'Strict' : sameSite === 'lax' ? 'Lax' : 'None' }
        : {}),
      ...(expires ? { expires: Date.parse(expires) / 1000 } : {}),
    };
  });
}
