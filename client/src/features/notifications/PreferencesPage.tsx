import '../../i18n/notification-pages.ts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  digestFrequencies,
  type NotificationType,
  notificationCatalogue,
} from '../../../../common/notification-catalogue.ts';
import type { NotificationPreferences } from '../../../../common/notifications.ts';
import { useUser } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { ChannelGrid } from './ChannelGrid.tsx';
import { useNotificationPreferences, useSavePreferences } from './notifications.api.ts';
import { PushSettings } from './PushSettings.tsx';
import { defaultQuietHours, draftOf, inputOf, type PreferencesDraft } from './preferencesDraft.ts';

const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

function PreferencesForm({ saved }: { saved: NotificationPreferences }) {
  const { t } = useTranslation();
  const user = useUser();
  const [draft, setDraft] = useState<PreferencesDraft>(() => draftOf(saved, user.role, deviceZone()));
  const save = useSavePreferences();
  const update = (change: Partial<PreferencesDraft>) => {
    save.reset();
    setDraft((d) => ({ ...d, ...change }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(inputOf(draft));
  };
  const quiet = draft.quietHours;

  return (
    <form onSubmit={submit} className="space-y-6">
      <Card>
        <ChannelGrid
          grid={draft.channels}
          onChange={(type, channel, on) =>
            update({ channels: { ...draft.channels, [type]: { ...draft.channels[type], [channel]: on } } })
          }
        />
      </Card>
      <Card className="space-y-6">
        <fieldset className="space-y-3">
          <legend className="text-lg font-semibold">{t('notificationSettings.quietHours')}</legend>
          <p className="text-sm text-slate-600">{t('notificationSettings.quietLead')}</p>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-blue-700"
              checked={quiet !== null}
              onChange={(e) => update({ quietHours: e.target.checked ? defaultQuietHours : null })}
            />
            {t('notificationSettings.quietOn')}
          </label>
          {quiet && (
            <div className="grid grid-cols-2 gap-3 sm:max-w-sm">
              <TextField
                label={t('notificationSettings.start')}
                type="time"
                required
                value={quiet.start}
                onChange={(e) => update({ quietHours: { ...quiet, start: e.target.value } })}
              />
              <TextField
                label={t('notificationSettings.end')}
                type="time"
                required
                value={quiet.end}
                onChange={(e) => update({ quietHours: { ...quiet, end: e.target.value } })}
              />
            </div>
          )}
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold">{t('notificationSettings.digest')}</legend>
          <p className="text-sm text-slate-600">{t('notificationSettings.digestLead')}</p>
          {digestFrequencies.map((frequency) => (
            <label key={frequency} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="digest"
                className="size-4 accent-blue-700"
                value={frequency}
                checked={draft.digest === frequency}
                onChange={() => update({ digest: frequency })}
              />
              {t(`notificationSettings.digests.${frequency}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField
            label={t('notificationSettings.timeZone')}
            value={draft.timeZone}
            options={timeZones(draft.timeZone).map((zone) => ({
              value: zone,
              label: zone.replaceAll('_', ' '),
            }))}
            onChange={(e) => update({ timeZone: e.target.value })}
          />
          <SelectField
            label={t('notificationSettings.language')}
            value={draft.locale}
            options={(['fr', 'en'] as const).map((locale) => ({
              value: locale,
              label: t(`languages.${locale}`),
            }))}
            onChange={(e) => update({ locale: e.target.value as PreferencesDraft['locale'] })}
          />
        </div>
      </Card>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" busy={save.isPending}>
          {t('common.save')}
        </Button>
        {save.isSuccess && <Notice tone="success">{t('notificationSettings.saved')}</Notice>}
      </div>
      <ErrorAlert error={save.error} />
    </form>
  );
}

/** The user's notification preferences: the type × channel grid, quiet hours, digest, language, this device's push. */
export function PreferencesPage() {
  const { t } = useTranslation();
  const preferences = useNotificationPreferences();
  const unsubscribed = useSearchParams()[0].get('unsubscribed');
  const known = unsubscribed !== null && Object.hasOwn(notificationCatalogue, unsubscribed);

  return (
    <>
      <PageHeader title={t('notificationSettings.title')} />
      <p className="-mt-3 mb-6 text-slate-600">{t('notificationSettings.lead')}</p>
      {known && (
        <div className="mb-6">
          <Notice tone="success">
            {t('notificationSettings.unsubscribed', {
              type: t(`notifications.types.${unsubscribed as NotificationType}`),
            })}
          </Notice>
        </div>
      )}
      <div className="space-y-6">
        {preferences.isPending ? (
          <LoadingRows />
        ) : preferences.isError ? (
          <ErrorAlert error={preferences.error} />
        ) : (
          <PreferencesForm saved={preferences.data} />
        )}
        <PushSettings />
      </div>
    </>
  );
}
