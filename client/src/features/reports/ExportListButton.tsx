import '../../i18n/file-exports.ts';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { ExportProgress } from './ExportProgress.tsx';
import { type ListExportTarget, type ListFormat, listExportRequest, notCarried } from './listExport.ts';
import { useExportFile } from './useExportFile.ts';

export type ExportListButtonProps = ListExportTarget & {
  /**
   * `menu` (the default): "Exporter" opens the formats; `buttons`: one "Exporter en …" button per format, for a page
   * with room for them.
   */
  variant?: 'menu' | 'buttons';
  formats?: readonly ListFormat[];
  className?: string;
};

/** Below the button, over the page, at its right edge (the pages put it at their right). */
const panel =
  'absolute right-0 top-full z-30 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white text-sm shadow-lg';

/**
 * A list as a file, with the filters its page applies: the format chosen, then the progress (with "Annuler") while
 * the server makes it, then the download, or why there is none. Its state shows below the button, over the page.
 */
export function ExportListButton({
  variant = 'menu',
  formats = ['csv', 'xlsx'],
  className = '',
  ...target
}: ExportListButtonProps) {
  const { t, i18n } = useTranslation();
  const { job, start, busy, request } = useExportFile();
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // The menu's button, or the first format's: where the focus goes back when what it opened closes.
  const focusTrigger = () => root.current?.querySelector('button')?.focus();
  const menuId = useId();
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  const unknown = notCarried(target);
  const formatName = (format: ListFormat) => t(`fileExport.formats.${format}`);

  // A click elsewhere closes the menu, as a menu does, and the export's state once the file is made (or not);
  // Escape closes either.
  useEffect(() => {
    if (!open && !shown) return;
    const away = (event: PointerEvent) => {
      if (root.current?.contains(event.target as Node)) return;
      setOpen(false);
      if (!busy) setShown(false);
    };
    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !root.current?.contains(document.activeElement)) return;
      setOpen(false);
      setShown(false);
      root.current.querySelector('button')?.focus();
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open, shown, busy]);

  const choose = (format: ListFormat) => {
    setOpen(false);
    focusTrigger();
    if (busy) return;
    setShown(true);
    request(listExportRequest(target, format, locale));
  };

  const close = () => {
    setOpen(false);
    setShown(false);
    focusTrigger();
  };

  return (
    <div
      ref={root}
      className={`relative inline-flex flex-wrap items-center gap-2 ${className}`}
      data-testid="list-export"
    >
      {variant === 'buttons' ? (
        formats.map((format) => (
          <Button
            key={format}
            variant="secondary"
            size="sm"
            aria-disabled={busy || undefined}
            onClick={() => choose(format)}
          >
            {t('fileExport.list.as', { format: formatName(format) })}
          </Button>
        ))
      ) : (
        <Button
          variant="secondary"
          size="sm"
          aria-expanded={open}
          aria-controls={menuId}
          aria-busy={busy || undefined}
          onClick={() => setOpen(!open)}
        >
          {target.list === 'messages' ? t('fileExport.list.conversation') : t('fileExport.list.menu')}
          <span aria-hidden="true">▾</span>
        </Button>
      )}
      {open && (
        <div id={menuId} className={`${panel} p-2`}>
          <fieldset className="flex flex-col">
            <legend className="sr-only">{t('fileExport.list.formats')}</legend>
            {formats.map((format) => (
              <button
                key={format}
                type="button"
                disabled={busy}
                onClick={() => choose(format)}
                className="rounded-md px-3 py-2 text-left font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:text-slate-400"
              >
                {formatName(format)}
              </button>
            ))}
          </fieldset>
          {target.list !== 'messages' && (
            <p className="mt-1 border-t border-slate-100 px-3 pt-2 text-xs text-slate-600">
              {t('fileExport.list.filtered')}
            </p>
          )}
          {unknown.map((key) => (
            <p key={key} className="px-3 pt-1 text-xs text-amber-800" data-testid="export-not-carried">
              {t(`fileExport.list.notCarried.${key}`)}
            </p>
          ))}
        </div>
      )}
      {shown && !open && (job || start.isError) && (
        <div className={`${panel} space-y-1 p-3`}>
          {start.isError ? (
            <ErrorAlert error={start.error} />
          ) : (
            job && <ExportProgress job={job} className="" />
          )}
          <div className="flex justify-end">
            <Button size="sm" variant="ghost" onClick={close}>
              {t('fileExport.close')}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
