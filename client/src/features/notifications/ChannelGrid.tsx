import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type NotificationChannel,
  type NotificationType,
  notificationCategories,
  notificationChannels,
  ruleOf,
} from '../../../../common/notification-catalogue.ts';
import type { ChannelGrid as Grid } from './preferencesDraft.ts';

type Props = {
  grid: Grid;
  onChange: (type: NotificationType, channel: NotificationChannel, on: boolean) => void;
};

/** The type × channel grid: one row per type the user can receive, grouped by category; security rows locked. */
export function ChannelGrid({ grid, onChange }: Props) {
  const { t } = useTranslation();
  const lockedNote = useId();
  const types = Object.keys(grid) as NotificationType[];
  const groups = notificationCategories
    .map((category) => ({ category, types: types.filter((type) => ruleOf(type).category === category) }))
    .filter((group) => group.types.length > 0);

  return (
    <table className="w-full table-fixed border-collapse text-sm">
      <caption className="sr-only">{t('notificationSettings.grid')}</caption>
      <colgroup>
        <col />
        {notificationChannels.map((channel) => (
          <col key={channel} className="w-[4.5rem] sm:w-28" />
        ))}
      </colgroup>
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-600">
          <th scope="col" className="py-2 pr-2 text-left font-medium">
            {t('notificationSettings.type')}
          </th>
          {notificationChannels.map((channel) => (
            <th key={channel} scope="col" className="px-1 py-2 text-center font-medium break-words">
              {t(`notifications.channels.${channel}`)}
            </th>
          ))}
        </tr>
      </thead>
      {groups.map(({ category, types: rows }) => (
        <tbody key={category} className="border-b border-slate-200">
          <tr>
            <th scope="rowgroup" colSpan={4} className="pt-4 pb-1 text-left font-semibold text-slate-900">
              {t(`notifications.categories.${category}`)}
              {rows.some((type) => ruleOf(type).locked) && (
                <span id={lockedNote} className="block text-xs font-normal text-slate-600">
                  {t('notificationSettings.locked')}
                </span>
              )}
            </th>
          </tr>
          {rows.map((type) => {
            const locked = ruleOf(type).locked === true;
            const name = t(`notifications.types.${type}`);
            return (
              <tr key={type} data-testid="preference-row" className="border-t border-slate-100">
                <th scope="row" className="py-2 pr-2 text-left font-normal break-words text-slate-800">
                  {name}
                </th>
                {notificationChannels.map((channel) => (
                  <td key={channel} className="px-1 py-2 text-center">
                    <input
                      type="checkbox"
                      className="size-4 accent-blue-700"
                      aria-label={t('notificationSettings.cell', {
                        type: name,
                        channel: t(`notifications.channels.${channel}`),
                      })}
                      aria-describedby={locked ? lockedNote : undefined}
                      checked={grid[type]?.[channel] ?? false}
                      disabled={locked}
                      onChange={(e) => onChange(type, channel, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
}
