import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert } from '../../ui/Feedback.tsx';
import { usePushState, useSwitchPush } from './usePush.ts';

/** The preferences' push section: what this device does now, and the switch. */
export function PushSettings() {
  const { t } = useTranslation();
  const state = usePushState();
  const change = useSwitchPush();
  const current = state.data;
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('notificationSettings.push.title')}</h2>
      {current && (
        <div className="flex flex-wrap items-center gap-3">
          <p role="status" data-testid="push-state" className="text-sm text-slate-700">
            {t(`notificationSettings.push.states.${current}`)}
          </p>
          {(current === 'prompt' || current === 'disabled') && (
            <Button size="sm" busy={change.isPending} onClick={() => change.mutate(true)}>
              {t('notificationSettings.push.enable')}
            </Button>
          )}
          {current === 'enabled' && (
            <Button
              size="sm"
              variant="secondary"
              busy={change.isPending}
              onClick={() => change.mutate(false)}
            >
              {t('notificationSettings.push.disable')}
            </Button>
          )}
        </div>
      )}
      <div className="mt-3">
        <ErrorAlert error={change.error} />
      </div>
    </Card>
  );
}
