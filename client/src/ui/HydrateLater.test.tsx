// @vitest-environment happy-dom

import { renderToStringAsync } from 'preact-render-to-string';
import { type ReactNode, useLayoutEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { Button } from './Button.tsx';
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

/** What the part taken over once seen was given, through its handlers. */
let clicks = 0;
let typed = '';

function SeenPage() {
  return (
    <Part name="page">
      <HydrateLater whenSeen="form">
        <form data-seen="form">
          <Part name="form" />
          <Button onClick={() => clicks++}>Go</Button>
          <input aria-label="name" onInput={(e) => (typed = e.currentTarget.value)} />
        </form>
      </HydrateLater>
    </Part>
  );
}

describe('a part taken over once seen', () => {
  async function seenPageTakenOver() {
    taken = [];
    clicks = 0;
    typed = '';
    const root = document.createElement('div');
    root.innerHTML = await renderToStringAsync(<SeenPage />);
    document.body.replaceChildren(root);
    // Its buttons no longer say they are unavailable while it waits (untilSeen.ts); the rest stays as drawn.
    const html = root.innerHTML.replaceAll(' aria-disabled="true"', '');
    takeOver(() => hydrateRoot(root, <SeenPage />));
    await settled();
    return { root, html, form: root.querySelector('form')! };
  }

  it('waits until it is seen, its drawing kept meanwhile', async () => {
    const { root, html } = await seenPageTakenOver();
    expect(taken).toEqual(['page']);
    expect(root.innerHTML).toBe(html);
  });

  it('is taken over as soon as the visitor reaches into it', async () => {
    const { form } = await seenPageTakenOver();
    const input = form.querySelector('input')!;
    input.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settled();
    expect(taken).toEqual(['page', 'form']);
    expect(form.querySelector('input')).toBe(input);
  });

  it('gives a click made before it was taken over to its handler, once', async () => {
    const { form } = await seenPageTakenOver();
    form.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await settled();
    expect(taken).toEqual(['page', 'form']);
    expect(clicks).toBe(1);
  });

  it('says its buttons are available while it waits, since what they are given is given back', async () => {
    const { form } = await seenPageTakenOver();
    expect(form.querySelector('button')!.hasAttribute('aria-disabled')).toBe(false);
  });

  it('gives what was typed before it was taken over to its handler', async () => {
    const { form } = await seenPageTakenOver();
    const input = form.querySelector('input')!;
    input.value = 'Lemoine';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await settled();
    expect(typed).toBe('Lemoine');
  });
});
