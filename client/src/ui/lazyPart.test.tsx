// @vitest-environment happy-dom

import { act } from 'preact/test-utils';
import { renderToStringAsync } from 'preact-render-to-string';
import { Suspense } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { lazyPart, preloadParts, RecordParts } from './lazyPart.tsx';

let loads = 0;
const Steps = lazyPart('test/Steps', async () => {
  loads += 1;
  return ({ count }: { count: number }) => <ol data-part="steps">{`${count} étapes`}</ol>;
});

/** A page with a part whose fallback is as tall as the part, as the dossier page's. */
function Page() {
  return (
    <main>
      <Suspense fallback={<p data-fallback="">…</p>}>
        <Steps count={3} />
      </Suspense>
      <footer>pied</footer>
    </main>
  );
}

describe('a part loaded on demand', () => {
  it('is one part whatever the number of its declarations', () => {
    expect(lazyPart('test/Steps', async () => () => null)).toBe(Steps);
  });

  it('is drawn by a rendering ahead, which names it', async () => {
    const parts = new Set<string>();
    const html = await renderToStringAsync(
      <RecordParts into={parts}>
        <Page />
      </RecordParts>,
    );
    expect(html).toContain('3 étapes');
    expect([...parts]).toEqual(['test/Steps']);
  });

  it('loaded before the page is taken over, keeps the page as it was drawn, without its fallback', async () => {
    const root = document.createElement('div');
    root.innerHTML = await renderToStringAsync(<Page />);
    const drawn = root.querySelector('[data-part="steps"]');
    await preloadParts(['test/Steps', 'test/unknown']);
    await act(() => {
      hydrateRoot(root, <Page />);
    });
    expect(root.querySelector('[data-fallback]')).toBeNull();
    expect(root.querySelector('[data-part="steps"]')).toBe(drawn);
    expect(root.innerHTML).toBe('<main><ol data-part="steps">3 étapes</ol><footer>pied</footer></main>');
    expect(loads).toBe(1);
  });
});
