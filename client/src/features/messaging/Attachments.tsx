import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../../common/messaging.ts';
import { PaperclipIcon } from '../../ui/icons.tsx';
import { useUnavailableUntilTakenOver } from '../../ui/useUnavailableUntilTakenOver.ts';
import { attachmentObjectUrl } from './messaging.api.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1)} Mo`;
}

function ImagePreview({ attachment }: { attachment: Attachment }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    attachmentObjectUrl(attachment.id, true)
      .then((u) => {
        objectUrl = u;
        setUrl(u);
      })
      .catch(() => setUrl(null));
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [attachment.id]);
  if (!url) return <span className="block h-32 w-48 animate-pulse rounded-lg bg-slate-200" />;
  return (
    <img src={url} alt={attachment.filename} className="max-h-56 max-w-full rounded-lg object-contain" />
  );
}

async function download(attachment: Attachment) {
  const url = await attachmentObjectUrl(attachment.id, false);
  const a = document.createElement('a');
  a.href = url;
  a.download = attachment.filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  return attachments.length === 0 ? null : <Downloads attachments={attachments} />;
}

/** A message's attachments, each a button that downloads it; apart, so that a message without any runs no hook. */
function Downloads({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  const unavailable = useUnavailableUntilTakenOver();
  return (
    <ul className="mt-2 space-y-2">
      {attachments.map((a) => (
        <li key={a.id}>
          {a.mimeType.startsWith('image/') && <ImagePreview attachment={a} />}
          <button
            type="button"
            onClick={() => void download(a)}
            className="mt-1 inline-flex max-w-full items-center gap-2 rounded-md bg-white/70 px-2 py-1 text-left text-xs text-slate-800 ring-1 ring-slate-200 hover:bg-white"
            aria-label={t('messaging.download', { name: a.filename })}
            {...unavailable}
          >
            <PaperclipIcon />
            <span className="truncate">{a.filename}</span>
            <span className="shrink-0 text-slate-500">{formatBytes(a.sizeBytes)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
