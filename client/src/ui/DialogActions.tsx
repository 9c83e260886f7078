import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

type Props = {
  onCancel: () => void;
  /** The submit button: its look, its label ("Confirm" unless given), whether it waits or may not be pressed yet. */
  variant?: 'primary' | 'danger';
  label?: string;
  busy: boolean;
  disabled?: boolean;
};

/** The foot of a dialog's form: Cancel, then the button that submits the form. */
export function DialogActions({ onCancel, variant = 'primary', label, busy, disabled }: Props) {
  const { t } = useTranslation();
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" variant={variant} busy={busy} disabled={disabled}>
        {label ?? t('common.confirm')}
      </Button>
    </div>
  );
}
