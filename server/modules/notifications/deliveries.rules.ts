import { channelEnabled, type NotificationType, ruleOf } from '../../../common/notifications.ts';
import type { UserStatus } from '../../../common/users.ts';
import type { DeliveryChannelName } from './channel.ts';
import type { Settings } from './preferences.ts';
import { quietHoursEnd } from './quiet-hours.ts';

/**
 * Whom a type may reach: active and pending accounts; a notice about the account itself (approved, rejected,
 * suspended) reaches it whatever its status, since it is what that status means for them.
 */
export function reachable(type: NotificationType, status: UserStatus): boolean {
  return ruleOf(type).category === 'account' || status === 'active' || status === 'pending';
}

/**
 * Whether the quiet hours hold this type. A security notice goes at once: it is only useful while there is time to
 * act on it (a sign-in that was not the user).
 */
const heldByQuietHours = (type: NotificationType) => !ruleOf(type).locked;

/**
 * When a delivery made at `at` may go out: at once, or after the delay that lets a grouped (new-message) e-mail be
 * read in the app first, then moved to the end of the recipient's quiet hours if they hold that time.
 */
export function dueAt(
  type: NotificationType,
  channel: DeliveryChannelName,
  at: Date,
  recipient: { settings: Settings; timeZone: string },
  groupedEmailDelayMs: number,
): Date {
  const base =
    channel === 'email' && ruleOf(type).grouped ? new Date(at.getTime() + groupedEmailDelayMs) : at;
  if (!heldByQuietHours(type)) return base;
  return quietHoursEnd(base, recipient.settings.quietHours, recipient.timeZone) ?? base;
}

export type DeliveryState = {
  type: NotificationType;
  channel: DeliveryChannelName;
  notificationRead: boolean;
  /** A later delivery of the same (grouped) notification on this channel exists: it will say it all. */
  superseded: boolean;
  recipientStatus: UserStatus;
  settings: Settings;
};

/** Why a due delivery is not sent after all, as its `skip_reason`, or null when it goes out. */
export function skipReason(d: DeliveryState): string | null {
  const rule = ruleOf(d.type);
  if (!reachable(d.type, d.recipientStatus)) return 'recipient_inactive';
  if (rule.grouped && d.notificationRead) return 'read';
  if (rule.grouped && d.superseded) return 'superseded';
  if (!channelEnabled(d.settings.channels, d.type, d.channel)) return 'preference';
  if (d.channel === 'email' && d.settings.digest !== 'off' && !rule.locked) return 'digest';
  return null;
}

/** The end of the quiet hours that hold a due delivery at `now`, or null when it may go now. */
export function heldUntil(
  type: NotificationType,
  now: Date,
  recipient: { settings: Settings; timeZone: string },
): Date | null {
  if (!heldByQuietHours(type)) return null;
  return quietHoursEnd(now, recipient.settings.quietHours, recipient.timeZone);
}
