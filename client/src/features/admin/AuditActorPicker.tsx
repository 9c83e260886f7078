import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { focusRing } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useAuditActors } from './audit.api.ts';

type Props = {
  /** The chosen actor's id, and their name when known. */
  actorId: string | undefined;
  actorName: string | undefined;
  onChange: (actor: { id: string; name: string } | null) => void;
};

/** The actor filter: search someone of the log by name or e-mail, pick them; the choice shows as a removable chip. */
export function AuditActorPicker({ actorId, actorName, onChange }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const q = useDebouncedValue(typed.trim());
  const actors = useAuditActors(q);
  const listId = useId();
  const open = q !== '' && actors.data !== undefined;

  if (actorId) {
    const name = actorName ?? actorId;
    return (
      <div className="space-y-1">
        <span className="block text-sm font-medium text-slate-700">{t('audit.actor')}</span>
        <span className="inline-flex max-w-full items-center gap-1 rounded-full bg-blue-50 py-1 pr-1 pl-3 text-sm text-blue-900 ring-1 ring-blue-200">
          <span className="truncate">{name}</span>
          <button
            type="button"
            onClick={() => onChange(null)}
            aria-label={t('audit.actorClear', { name })}
            className={`rounded-full px-2 leading-5 hover:bg-blue-100 ${focusRing}`}
          >
            ×
          </button>
        </span>
      </div>
    );
  }

  return (
    <div className="relative">
      <TextField
        label={t('audit.actor')}
        type="search"
        placeholder={t('audit.actorSearch')}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        aria-controls={open ? listId : undefined}
        autoComplete="off"
      />
      {open && (
        <ul
          id={listId}
          aria-label={t('audit.actor')}
          className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          {actors.data.length === 0 ? (
            <li className="p-3 text-sm text-slate-600">{t('audit.actorNoMatch')}</li>
          ) : (
            actors.data.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  onClick={() => {
                    setTyped('');
                    onChange({ id: a.id, name: a.name });
                  }}
                  className={`block w-full px-3 py-2 text-left text-sm hover:bg-slate-50 ${focusRing}`}
                >
                  <span className="block font-medium">{a.name}</span>
                  <span className="block truncate text-xs text-slate-600">
                    {a.email} · {t(`roles.${a.role}`)}
                  </span>
                </button>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
