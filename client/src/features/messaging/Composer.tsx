import { type DragEvent, type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../../common/messaging.ts';
import { MESSAGE_MAX_CHARS } from '../../../../common/messaging-limits.ts';
import { Button } from '../../ui/Button.tsx';
import { useErrorMessage } from '../../ui/Feedback.tsx';
import { PaperclipIcon } from '../../ui/icons.tsx';
import { formatBytes } from './Attachments.tsx';
import { uploadAttachment } from './messaging.api.ts';

type Upload = {
  key: string;
  name: string;
  size: number;
  progress: number;
  attachment?: Attachment;
  error?: unknown;
  abort: () => void;
};

type Props = {
  conversationId: string;
  onSend: (body: string, attachments: Attachment[]) => void;
  onTyping: (isTyping: boolean) => void;
  disabled?: boolean;
};

/** Text with Enter to send (Shift+Enter for a new line), files by button or drag and drop, each with its progress. */
export function Composer({ conversationId, onSend, onTyping, disabled }: Props) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const [body, setBody] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploading = uploads.some((u) => !u.attachment && !u.error);
  const ready = uploads.flatMap((u) => (u.attachment ? [u.attachment] : []));
  const canSend = !disabled && !uploading && (body.trim().length > 0 || ready.length > 0);

  const addFiles = (files: FileList | null) => {
    for (const file of files ?? []) {
      const key = crypto.randomUUID();
      const update = (patch: Partial<Upload>) =>
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      const { done, abort } = uploadAttachment(conversationId, file, (progress) => update({ progress }));
      setUploads((list) => [...list, { key, name: file.name, size: file.size, progress: 0, abort }]);
      done.then((attachment) => update({ attachment, progress: 1 })).catch((error) => update({ error }));
    }
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    onSend(body.trim(), ready);
    setBody('');
    setUploads([]);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    addFiles(e.dataTransfer.files);
  };

  return (
    <form
      onSubmit={submit}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`border-t border-slate-200 bg-white p-3 ${dragging ? 'ring-2 ring-inset ring-blue-500' : ''}`}
    >
      {uploads.length > 0 && (
        <ul className="mb-2 space-y-1.5" aria-label={t('messaging.attachments')}>
          {uploads.map((u) => (
            <li key={u.key} className="flex items-center gap-2 text-xs">
              <span className="min-w-0 flex-1 truncate">
                <PaperclipIcon /> {u.name} <span className="text-slate-500">({formatBytes(u.size)})</span>
              </span>
              {u.error ? (
                <span role="alert" className="text-red-600">
                  {message(u.error)}
                </span>
              ) : (
                <progress
                  className="h-1.5 w-24 accent-blue-600"
                  max={1}
                  value={u.progress}
                  aria-label={t('messaging.uploading', { name: u.name })}
                />
              )}
              <button
                type="button"
                className="rounded px-1 text-slate-500 hover:bg-slate-100"
                aria-label={t('messaging.removeAttachment', { name: u.name })}
                onClick={() => {
                  u.abort();
                  setUploads((list) => list.filter((x) => x.key !== u.key));
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-end gap-2">
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            addFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <Button
          variant="ghost"
          aria-label={t('messaging.attach')}
          onClick={() => fileInput.current?.click()}
          disabled={disabled}
        >
          <PaperclipIcon className="text-lg" />
        </Button>
        <label htmlFor={`composer-${conversationId}`} className="sr-only">
          {t('messaging.write')}
        </label>
        <textarea
          id={`composer-${conversationId}`}
          rows={1}
          value={body}
          maxLength={MESSAGE_MAX_CHARS}
          disabled={disabled}
          placeholder={t('messaging.placeholder')}
          title={t('messaging.composerHint')}
          onChange={(e) => {
            setBody(e.target.value);
            onTyping(e.target.value.length > 0);
          }}
          onBlur={() => onTyping(false)}
          onKeyDown={onKeyDown}
          className="max-h-40 min-h-10 flex-1 resize-y rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
        />
        <Button type="submit" disabled={!canSend}>
          {t('messaging.send')}
        </Button>
      </div>
      {dragging && <p className="mt-2 text-center text-xs text-blue-700">{t('messaging.dropHere')}</p>}
    </form>
  );
}
