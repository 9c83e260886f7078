import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { useUser } from '../../lib/session.tsx';
import { useDocumentsChanged } from './documents.api.ts';
import { startUpload, type UploadControl, type UploadTarget } from './tusUpload.ts';

/** starting: tus is loading; offline: stopped by a lost network, goes on by itself when it comes back. */
export type UploadState = 'starting' | 'uploading' | 'paused' | 'offline' | 'done' | 'failed';

export type UploadItem = {
  key: string;
  name: string;
  size: number;
  sent: number;
  state: UploadState;
  error?: ApiError;
};

export const percentOf = (item: UploadItem) =>
  item.size === 0 ? 0 : Math.min(100, Math.round((item.sent / item.size) * 100));

/** A failure worth trying again: the network or the server, not a refusal of the file. */
export const isRetryable = (error: ApiError | undefined) =>
  !error || error.status === 0 || error.status >= 500;

/**
 * The files being sent, each with its progress, which may be paused, resumed or cancelled. Finished uploads refresh
 * every view of documents. Leaving the page pauses what is still running (tus resumes it if the same file is
 * chosen again).
 */
export function useUploads() {
  const reader = useUser();
  const changed = useDocumentsChanged();
  const [items, setItems] = useState<UploadItem[]>([]);
  const controls = useRef(new Map<string, UploadControl>());
  /** Cancelled while tus was still loading: cancelled as soon as it has started. */
  const cancelled = useRef(new Set<string>());

  const update = useCallback((key: string, patch: Partial<UploadItem>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);

  /** Starts (or, when tus could not even load, starts again) one file's upload. */
  const launch = (key: string, file: File, target: UploadTarget) => {
    startUpload(file, target, reader.id, {
      onProgress: (sent) => update(key, { sent, state: 'uploading' }),
      onSuccess: () => {
        controls.current.delete(key);
        update(key, { sent: file.size, state: 'done', error: undefined });
        void changed();
      },
      onError: (error) =>
        update(key, {
          state: error.code === 'NETWORK_ERROR' && !navigator.onLine ? 'offline' : 'failed',
          error,
        }),
    })
      .then((control) => {
        if (cancelled.current.delete(key)) return void control.cancel();
        controls.current.set(key, control);
      })
      .catch((error: unknown) => {
        // tus-js-client itself did not download: "resume" tries the whole start again.
        controls.current.set(key, {
          pause() {},
          resume: () => launch(key, file, target),
          cancel: async () => {},
        });
        update(key, { state: 'failed', error: new ApiError(0, 'NETWORK_ERROR', String(error)) });
      });
  };

  /** Sends files to one target; a request is answered by the first of them, the others join the dossier. */
  const start = (files: File[], target: UploadTarget) => {
    for (const [index, file] of files.entries()) {
      const key = crypto.randomUUID();
      setItems((list) => [...list, { key, name: file.name, size: file.size, sent: 0, state: 'starting' }]);
      launch(key, file, index === 0 ? target : { ...target, requestId: undefined });
    }
  };

  const pause = (key: string) => {
    controls.current.get(key)?.pause();
    update(key, { state: 'paused' });
  };
  const resume = (key: string) => {
    const control = controls.current.get(key);
    if (!control) return;
    control.resume();
    update(key, { state: 'uploading', error: undefined });
  };
  const cancel = (key: string) => {
    const control = controls.current.get(key);
    if (control) void control.cancel();
    else cancelled.current.add(key);
    controls.current.delete(key);
    setItems((list) => list.filter((item) => item.key !== key));
  };
  const clearFinished = () => setItems((list) => list.filter((item) => item.state !== 'done'));

  // Uploads cut by a lost network go on once it is back.
  const current = useRef(items);
  current.current = items;
  useEffect(() => {
    const online = () => {
      for (const item of current.current.filter((i) => i.state === 'offline')) {
        controls.current.get(item.key)?.resume();
        update(item.key, { state: 'uploading', error: undefined });
      }
    };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [update]);

  useEffect(() => {
    const running = controls.current;
    return () => {
      for (const control of running.values()) control.pause();
    };
  }, []);

  return { items, start, pause, resume, cancel, clearFinished };
}

export type Uploads = ReturnType<typeof useUploads>;
