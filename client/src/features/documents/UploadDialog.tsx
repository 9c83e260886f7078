import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/Field.tsx';
import type { UploadTarget } from './tusUpload.ts';
import { UploadZone } from './UploadZone.tsx';
import type { Uploads } from './useUploads.ts';

/** Files for a set target: a new version of a document (one file), the answer to a request, a category. */
export type UploadPurpose = { title: string; target: UploadTarget; note?: string | null; multiple?: boolean };

type Props = { purpose: UploadPurpose | null; uploads: Uploads; onClose: () => void };

/** Asks for the files (and a comment) then closes: its progress shows in the list of uploads. */
export function UploadDialog({ purpose, uploads, onClose }: Props) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const close = () => {
    setComment('');
    onClose();
  };
  return (
    <Dialog open={purpose !== null} onClose={close} title={purpose?.title ?? ''}>
      {purpose && (
        <div className="space-y-4">
          {purpose.note && <p className="whitespace-pre-line text-sm text-slate-700">{purpose.note}</p>}
          <TextField
            label={`${t('documents.upload.comment')} (${t('common.optional')})`}
            value={comment}
            maxLength={1000}
            onChange={(e) => setComment(e.target.value)}
          />
          <UploadZone
            multiple={purpose.multiple ?? false}
            onFiles={(files) => {
              uploads.start(files, { ...purpose.target, comment: comment.trim() || undefined });
              close();
            }}
          />
        </div>
      )}
    </Dialog>
  );
}
