import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistItem, DocumentCategory } from '../../../../common/documents.ts';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useDocumentFormat } from './format.ts';
import { UploadZone } from './UploadZone.tsx';
import type { Uploads } from './useUploads.ts';

type Props = {
  dossierId: string;
  checklist: ChecklistItem[];
  category: DocumentCategory;
  onCategoryChange: (category: DocumentCategory) => void;
  uploads: Uploads;
};

/** New documents for the dossier: their category (the dossier's own first), a comment, then the files. */
export function UploadForm({ dossierId, checklist, category, onCategoryChange, uploads }: Props) {
  const { t } = useTranslation();
  const { categoryName, categoryOptions } = useDocumentFormat();
  const [comment, setComment] = useState('');
  const own = checklist.map((item) => item.category);
  const others = categoryOptions().filter((option) => !own.includes(option.value));
  const options = [...own.map((code) => ({ value: code, label: categoryName(code) })), ...others];

  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label={t('documents.upload.category')}
          value={category}
          options={options}
          onChange={(e) => onCategoryChange(e.target.value as DocumentCategory)}
        />
        <TextField
          label={`${t('documents.upload.comment')} (${t('common.optional')})`}
          value={comment}
          maxLength={1000}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <UploadZone
        onFiles={(files) => {
          // Files of a category the expert asked for answer the request.
          const requestId = checklist.find((item) => item.category === category)?.openRequestId ?? undefined;
          uploads.start(files, { dossierId, category, requestId, comment: comment.trim() || undefined });
          setComment('');
        }}
      />
    </div>
  );
}
