import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { ProgressBar, useErrorMessage } from '../../ui/Feedback.tsx';
import { useDocumentFormat } from './format.ts';
import { isRetryable, percentOf, type UploadItem, type Uploads } from './useUploads.ts';

function UploadRow({ item, uploads }: { item: UploadItem; uploads: Uploads }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const { size } = useDocumentFormat();
  const percent = percentOf(item);
  const running = item.state === 'uploading' || item.state === 'starting' || item.state === 'offline';
  const action = (label: string, onClick: () => void) => (
    <Button size="sm" variant="ghost" aria-label={`${t(label)} : ${item.name}`} onClick={onClick}>
      {t(label)}
    </Button>
  );
  return (
    <li data-testid="upload" data-state={item.state} className="space-y-1.5 py-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className="min-w-0 flex-1 truncate font-medium">{item.name}</span>
        <span className="text-xs text-slate-500">{size(item.size)}</span>
        <span data-testid="upload-status" className="text-xs text-slate-700">
          {t(`documents.upload.states.${item.state}`, { percent })}
        </span>
      </div>
      <ProgressBar value={percent} label={t('documents.upload.progress', { name: item.name })} />
      {item.state === 'failed' && item.error && (
        <p role="alert" className="text-xs text-red-700">
          {message(item.error)}
        </p>
      )}
      {item.state !== 'done' && (
        <div className="flex flex-wrap gap-1">
          {item.state === 'uploading' && action('documents.upload.pause', () => uploads.pause(item.key))}
          {(item.state === 'paused' || (item.state === 'failed' && isRetryable(item.error))) &&
            action('documents.upload.resume', () => uploads.resume(item.key))}
          {(running || item.state === 'paused' || item.state === 'failed') &&
            action(item.state === 'failed' ? 'documents.upload.dismiss' : 'documents.upload.cancel', () =>
              uploads.cancel(item.key),
            )}
        </div>
      )}
    </li>
  );
}

/** The files being sent, each with its progress bar and its pause, resume and cancel buttons. */
export function UploadList({ uploads }: { uploads: Uploads }) {
  const { t } = useTranslation();
  if (uploads.items.length === 0) return null;
  return (
    <div className="space-y-1">
      <ul aria-label={t('documents.upload.list')} className="divide-y divide-slate-100">
        {uploads.items.map((item) => (
          <UploadRow key={item.key} item={item} uploads={uploads} />
        ))}
      </ul>
      {uploads.items.some((item) => item.state === 'done') && (
        <Button size="sm" variant="ghost" onClick={uploads.clearFinished}>
          {t('documents.upload.clear')}
        </Button>
      )}
    </div>
  );
}
