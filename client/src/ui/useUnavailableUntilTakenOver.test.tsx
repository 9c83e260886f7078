// @vitest-environment happy-dom

import { createRoot, hydrateRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { Button } from './Button.tsx';
import { takeOver } from './HydrateLater.tsx';

const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Whether the button said it was unavailable, each time the DOM under `root` changed. */
function watchUnavailable(root: HTMLElement): boolean[] {
  const states: boolean[] = [];
  const observer = new MutationObserver(() => {
    const button = root.querySelector('button');
    if (button) states.push(button.getAttribute('aria-disabled') === 'true');
  });
  observer.observe(root, { subtree: true, childList: true, attributes: true });
  return states;
}

describe('a control that says it is unavailable until the app has taken the page over', () => {
  it('is available from its first render when the app draws it itself', async () => {
    const root = document.createElement('div');
    document.body.replaceChildren(root);
    const states = watchUnavailable(root);
    createRoot(root).render(<Button>Envoyer</Button>);
    await settled();
    expect(states.length).toBeGreaterThan(0);
    expect(states).not.toContain(true);
  });

  it('says it is unavailable as drawn ahead while the app takes the page over, then is available', async () => {
    const root = document.createElement('div');
    root.innerHTML = '<button type="button" aria-disabled="true" class="x">Envoyer</button>';
    document.body.replaceChildren(root);
    takeOver(() => hydrateRoot(root, <Button>Envoyer</Button>));
    expect(root.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
    await settled();
    expect(root.querySelector('button')!.hasAttribute('aria-disabled')).toBe(false);
  });
});
