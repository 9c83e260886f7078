// @vitest-environment happy-dom

import { renderToStringAsync } from 'preact-render-to-string';
import { type ReactNode, useLayoutEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { HydrateLater, takeOver } from './HydrateLater.tsx';

/** The parts the app has taken over, in order; and what each saw taken over when it was. */
let taken: string[] = [];
const seen = new Map<string, string[]>();

function Part({ name, children }: { name: string; children?: ReactNode }) {
  // Layout effects run as the part is taken over, those of the parts it holds first.
  useLayoutEffect(() => {
    taken.push(name);
    seen.set(name, [...taken]);
  }, [name]);
  return (
    <section data-part={name}>
      {name}
      {children}
    </section>
  );
}

function Page() {
  return (
    <Part name="page">
      <HydrateLater>
        <Part name="list">
          <HydrateLater>
            <Part name="card" />
          </HydrateLater>
        </Part>
      </HydrateLater>
    </Part>
  );
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

async function drawnAhead() {
  taken = [];
  seen.clear();
  const root = document.createElement('div');
  root.innerHTML = await renderToStringAsync(<Page />);
  return root;
}

describe('a part taken over later', () => {
  it('is drawn at once by a rendering ahead', async () => {
    const root = await drawnAhead();
    expect(root.querySelectorAll('[data-part]')).toHaveLength(3);
  });

  it('is left for a later task than the page around it, its drawing kept meanwhile', async () => {
    const root = await drawnAhead();
    const html = root.innerHTML;
    const list = root.querySelector('[data-part="list"]');
    takeOver(() => hydrateRoot(root, <Page />));
    expect(taken).toEqual(['page']);
    expect(root.innerHTML).toBe(html);
    await settled();
    expect(taken).toEqual(['page', 'list', 'card']);
    expect(root.querySelector('[data-part="list"]')).toBe(list);
    expect(root.innerHTML).toBe(html);
  });

  it('holds its own parts back for later tasks still', async () => {
    const root = await drawnAhead();
    takeOver(() => hydrateRoot(root, <Page />));
    await settled();
    expect(seen.get('list')).toEqual(['page', 'list']);
    expect(seen.get('card')).toEqual(['page', 'list', 'card']);
  });

  it('renders with the rest outside a take-over', async () => {
    taken = [];
    const root = document.createElement('div');
    hydrateRoot(root, <Page />);
    await settled();
    expect(taken).toEqual(['card', 'list', 'page']);
  });
});
