import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '../../../../common/dossiers.ts';
import '../../i18n/assignment-pages.ts';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useAdminUsers, useAssignExpert } from './admin.api.ts';

/** The dossier to give an expert: a whole one, or a row of the assignment monitor. */
export type AssignTarget = Pick<Dossier, 'id' | 'reference' | 'product'> & {
  expert: { firstName: string; lastName: string } | null;
};

type Props = { dossier: AssignTarget | null; onClose: () => void; onAssigned: (message: string) => void };

/**
 * Picks an approved expert, specialists of the dossier's product first, and assigns the dossier; replacing its
 * expert takes a reason, told to the client and both experts.
 */
export function AssignExpertDialog({ dossier, onClose, onAssigned }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [expertId, setExpertId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const replacing = dossier?.expert ?? null;
  const reasonMissing = replacing !== null && reason.trim().length < 3;
  const query = useDebouncedValue(q.trim());
  const experts = useAdminUsers({ role: 'expert', status: 'active', q: query || undefined }, 50);
  const assign = useAssignExpert();
  const product = dossier?.product.code;
  const candidates = (experts.data?.pages.flatMap((p) => p.items) ?? []).toSorted(
    (a, b) =>
      Number(b.specialties?.includes(product ?? '') ?? false) -
      Number(a.specialties?.includes(product ?? '') ?? false),
  );

  const close = () => {
    setQ('');
    setExpertId(null);
    setReason('');
    assign.reset();
    onClose();
  };

  return (
    <Dialog
      open={dossier !== null}
      onClose={close}
      title={dossier ? t('assignments.assignTitle', { reference: dossier.reference }) : ''}
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!dossier || !expertId) return;
          const expert = candidates.find((c) => c.id === expertId);
          assign.mutate(
            { dossierId: dossier.id, expertId, reason: replacing ? reason.trim() : undefined },
            {
              onSuccess: (d) => {
                close();
                onAssigned(
                  t('assignments.assigned', {
                    name: `${expert?.firstName} ${expert?.lastName}`,
                    reference: d.reference,
                  }),
                );
              },
            },
          );
        }}
      >
        <TextField
          label={t('assignments.searchExperts')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {experts.isPending ? (
          <LoadingRows rows={3} />
        ) : candidates.length === 0 ? (
          <p className="text-sm text-slate-600">{t('assignments.noApprovedExperts')}</p>
        ) : (
          <fieldset className="max-h-72 space-y-2 overflow-y-auto">
            <legend className="sr-only">{t('dossiers.expert')}</legend>
            {candidates.map((c) => (
              <label
                key={c.id}
                className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-blue-600 has-[:checked]:bg-blue-50"
              >
                <input
                  type="radio"
                  name="expert"
                  value={c.id}
                  checked={expertId === c.id}
                  onChange={() => setExpertId(c.id)}
                  className="mt-1 accent-blue-700"
                />
                <span className="text-sm">
                  <span className="block font-medium">
                    {c.firstName} {c.lastName}
                  </span>
                  <span className="block text-slate-500">{c.email}</span>
                  {c.specialties?.includes(product ?? '') && (
                    <span className="text-xs font-medium text-emerald-700">
                      {t('assignments.specialistOf', { product })}
                    </span>
                  )}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {replacing && (
          <>
            <p className="text-sm text-slate-600">
              {t('reassign.current', { name: `${replacing.firstName} ${replacing.lastName}` })}
            </p>
            <TextField
              label={t('reassign.reason')}
              hint={t('reassign.reasonHint')}
              required
              minLength={3}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </>
        )}
        <ErrorAlert error={assign.error ?? experts.error} />
        <DialogActions
          onCancel={close}
          label={t('admin.assign')}
          busy={assign.isPending}
          disabled={!expertId || reasonMissing}
        />
      </form>
    </Dialog>
  );
}
