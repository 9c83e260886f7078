/**
 * Interaction to Next Paint of the main interactions, measured in Chromium as a visitor on a mid-range phone meets
 * them: the page loaded, the CPU slowed down 4× (Lighthouse's mobile slowdown), then real clicks and key presses.
 * The figure of a walk is its worst interaction: input delay, handlers and the rendering of the next frame.
 */
import type { Browser, Page } from 'puppeteer-core';
import type { Cookie } from './lighthouse.ts';

export type InteractionWalk = {
  name: string;
  /** The page the walk starts on. */
  path: string;
  as?: 'client';
  /** The interactions, on the loaded page; resolves once their effect is on screen. */
  walk: (page: Page) => Promise<void>;
};

/**
 * Run in the page before its own scripts: for each discrete input event, its latency from the input (the event's
 * time stamp) to the end of the main thread's work on the next frame (a task queued from that frame's
 * animation-frame callback runs once the frame is styled, laid out and painted). An interaction's latency is the
 * longest of its events', so the worst event is the worst interaction.
 *
 * Event Timing's `duration` would add the frame's presentation, but headless Chromium reports some pages'
 * presentation seconds late: in a trace of the messaging walk every key's frame commits 25–100 ms after the key,
 * and all their entries end together at the end of the walk.
 */
const observeInteractions = `(() => {
  const latencies = [];
  window.__interactions = latencies;
  const afterNextFrame = (then) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = then;
      channel.port2.postMessage(null);
    });
  for (const type of ['pointerdown', 'pointerup', 'click', 'keydown', 'keyup']) {
    addEventListener(type, (event) => {
      const start = event.timeStamp;
      afterNextFrame(() =>
        latencies.push({ event: type, duration: performance.now() - start, at: Math.round(start) }),
      );
    }, { capture: true });
  }
})()`;

const CPU_SLOWDOWN = 4;

/** One input event (`keydown`, `pointerup`…): its latency, and when it happened in ms after the navigation. */
export type InputEvent = { duration: number; event: string; at: number };

/** One walk on a fresh page: the worst interaction's latency in ms, and how many input events it saw. */
export async function measureInteractions(
  browser: Browser,
  baseUrl: string,
  walk: InteractionWalk,
  cookies: Cookie[],
): Promise<{ inp_ms: number; events: number; slowest: InputEvent[] }> {
  const context = await browser.createBrowserContext();
  try {
    const domain = new URL(baseUrl).hostname;
    if (cookies.length) {
      await context.setCookie(
        ...cookies.map(({ name, value, path, httpOnly, secure }) => ({
          name,
          value,
          path,
          httpOnly,
          secure,
          domain,
        })),
      );
    }
    const page = await context.newPage();
    await page.setViewport({
      width: 412,
      height: 823,
      deviceScaleFactor: 1.75,
      isMobile: true,
      hasTouch: true,
    });
    await page.evaluateOnNewDocument(observeInteractions);
    await page.goto(`${baseUrl}${walk.path}`, { waitUntil: 'networkidle0' });
    await page.emulateCPUThrottling(CPU_SLOWDOWN);
    await walk.walk(page);
    // The last event's frame.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const observed = await page.evaluate<[], () => InputEvent[]>('window.__interactions');
    if (!observed.length) throw new Error(`${walk.name}: the page observed no input event of the walk`);
    const slowest = observed.sort((a, b) => b.duration - a.duration);
    return { inp_ms: slowest[0]!.duration, events: observed.length, slowest: slowest.slice(0, 3) };
  } finally {
    await context.close();
  }
}
