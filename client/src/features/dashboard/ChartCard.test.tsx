// @vitest-environment happy-dom

import { renderToStringAsync } from 'preact-render-to-string';
import { useLayoutEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { takeOver } from '../../ui/HydrateLater.tsx';
import { ChartCard } from './ChartCard.tsx';

/** The charts the app has taken over, in order. */
let taken: string[] = [];

function Drawing({ name }: { name: string }) {
  useLayoutEffect(() => {
    taken.push(name);
  }, [name]);
  return <svg data-chart={name} />;
}

function Dashboard() {
  return (
    <div>
      {['dossiers', 'amounts'].map((name) => (
        <ChartCard key={name} title={name} table={<table />}>
          <Drawing name={name} />
        </ChartCard>
      ))}
    </div>
  );
}

describe('a dashboard chart over a page rendered by the server', () => {
  async function takenOver() {
    const root = document.createElement('div');
    root.innerHTML = await renderToStringAsync(<Dashboard />);
    document.body.replaceChildren(root);
    // Its buttons no longer say they are unavailable while it waits (untilSeen.ts); the rest stays as drawn.
    const html = root.innerHTML.replaceAll(' aria-disabled="true"', '');
    taken = [];
    takeOver(() => hydrateRoot(root, <Dashboard />));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { root, html };
  }

  it('is not taken over before it is seen, its drawing kept meanwhile', async () => {
    const { root, html } = await takenOver();
    expect(taken).toEqual([]);
    expect(root.innerHTML).toBe(html);
  });

  it('is taken over alone when the visitor reaches into it, keeping its drawing', async () => {
    const { root } = await takenOver();
    const drawing = root.querySelector('[data-chart="amounts"]');
    root
      .querySelector('[data-seen="amounts"] button')!
      .dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken).toEqual(['amounts']);
    expect(root.querySelector('[data-chart="amounts"]')).toBe(drawing);
  });
});
