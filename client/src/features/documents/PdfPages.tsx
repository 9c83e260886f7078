import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadingRows } from '../../ui/Feedback.tsx';
import { PreviewFailed } from './PreviewFailed.tsx';

/** Pages drawn in the dialog; a longer document is read in full once downloaded. */
const MAX_PAGES = 30;

type Shown = { pages: number; drawn: number } | 'failed' | null;

/**
 * A PDF's pages drawn into canvases by pdf.js, which loads (library and worker) only when a preview opens. Each page
 * is an image named by its number; the text itself is searched through "Mes documents".
 */
export function PdfPages({ data }: { data: Blob }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<Shown>(null);

  useEffect(() => {
    const box = container.current;
    if (!box) return;
    let stopped = false;
    let destroy: (() => Promise<void>) | null = null;
    (async () => {
      const pdfjs = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      const task = pdfjs.getDocument({ data: new Uint8Array(await data.arrayBuffer()) });
      destroy = () => task.destroy();
      const pdf = await task.promise;
      const pages = Math.min(pdf.numPages, MAX_PAGES);
      const ratio = window.devicePixelRatio || 1;
      for (let number = 1; number <= pages && !stopped; number++) {
        const page = await pdf.getPage(number);
        const fit = (box.clientWidth || 600) / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale: fit * ratio });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.className = 'w-full rounded border border-slate-200 bg-white';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', t('documents.preview.page', { page: number, count: pdf.numPages }));
        canvas.dataset.testid = 'pdf-page';
        box.append(canvas);
        await page.render({ canvas, viewport }).promise;
        if (!stopped) setShown({ pages: pdf.numPages, drawn: number });
      }
    })().catch(() => {
      if (!stopped) setShown('failed');
    });
    return () => {
      stopped = true;
      void destroy?.();
      box.replaceChildren();
    };
  }, [data, t]);

  return (
    <div>
      {shown === null && <LoadingRows rows={2} />}
      {shown === 'failed' && <PreviewFailed />}
      <div ref={container} className="space-y-3" aria-busy={shown === null} />
      {shown !== null && shown !== 'failed' && shown.pages > MAX_PAGES && (
        <p className="mt-3 text-sm text-slate-600">{t('documents.preview.more', { count: MAX_PAGES })}</p>
      )}
    </div>
  );
}
