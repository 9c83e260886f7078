import { type DragEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';

/** What the file picker offers: the types the server accepts (it checks the bytes anyway). */
const accept = '.pdf,.png,.jpg,.jpeg,.webp,.heic,.docx,.xlsx,.odt,.ods,.csv,.txt';

/** A phone or a tablet: a camera to take the document with is likely at hand. */
const hasTouchScreen = () =>
  typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches;

type Props = { onFiles: (files: File[]) => void; multiple?: boolean; disabled?: boolean };

/**
 * Where files are given: dropped on the zone, chosen with the file picker (several at once), or, on a phone, taken
 * as a photo with the back camera.
 */
export function UploadZone({ onFiles, multiple = true, disabled }: Props) {
  const { t } = useTranslation();
  const hintId = useId();
  const textId = useId();
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const take = (files: FileList | null) => {
    const list = [...(files ?? [])];
    if (list.length && !disabled) onFiles(multiple ? list : list.slice(0, 1));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files);
  };

  return (
    <fieldset
      aria-labelledby={textId}
      data-testid="upload-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`flex flex-col items-center gap-3 rounded-xl border-2 border-dashed px-4 py-6 text-center ${
        dragging ? 'border-blue-600 bg-blue-50' : 'border-slate-300 bg-slate-50'
      }`}
    >
      <p id={textId} className="text-sm text-slate-700">
        {t(multiple ? 'documents.upload.drop' : 'documents.upload.dropOne')}
      </p>
      <div className="flex flex-wrap justify-center gap-2">
        <Button
          variant="secondary"
          disabled={disabled}
          aria-describedby={hintId}
          onClick={() => picker.current?.click()}
        >
          {t(multiple ? 'documents.upload.choose' : 'documents.upload.chooseOne')}
        </Button>
        {hasTouchScreen() && (
          <Button variant="secondary" disabled={disabled} onClick={() => camera.current?.click()}>
            {t('documents.upload.photo')}
          </Button>
        )}
      </div>
      <p id={hintId} className="text-xs text-slate-500">
        {t('documents.upload.accepted')}
      </p>
      <input
        ref={picker}
        type="file"
        multiple={multiple}
        accept={accept}
        hidden
        data-testid="upload-input"
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
    </fieldset>
  );
}
