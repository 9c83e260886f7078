/**
 * The notification types, their channels and their defaults per role, as data (no zod: the web client's preferences
 * grid reads it). `common/notifications.ts` re-exports it beside the API's schemas.
 */
import type { Role } from './roles.ts';

export const notificationChannels = ['in_app', 'email', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

export const notificationCategories = [
  'messages',
  'dossiers',
  'marketplace',
  'documents',
  'workflow',
  'account',
  'platform',
  'security',
] as const;
export type NotificationCategory = (typeof notificationCategories)[number];

type ChannelDefaults = Record<NotificationChannel, boolean>;

export type NotificationTypeRule = {
  category: NotificationCategory;
  /** The roles that can receive it (the preferences grid shows only these). */
  roles: readonly Role[];
  /** Default channels; a user's preferences override them cell by cell. */
  defaults: ChannelDefaults;
  /** Security notices: every channel stays as default, the preferences cannot turn them off. */
  locked?: boolean;
  /**
   * Events of one group (new messages of a conversation) count up one unread notification instead of adding rows,
   * and their e-mail waits `NEW_MESSAGE_EMAIL_DELAY` so that a message read in the app is not e-mailed.
   */
  grouped?: boolean;
};

const all = { in_app: true, email: true, push: true };
const inAppAndPush = { in_app: true, email: false, push: true };
const inAppAndEmail = { in_app: true, email: true, push: false };
const everyone = ['client', 'expert', 'admin'] as const;
const clientsAndExperts = ['client', 'expert'] as const;

export const notificationCatalogue = {
  // Admins take part in conversations to oversee them: a notification for each of their messages would be noise.
  'message.new': { category: 'messages', roles: clientsAndExperts, defaults: all, grouped: true },
  'dossier.status_changed': { category: 'dossiers', roles: clientsAndExperts, defaults: all },
  'dossier.expert_assigned': { category: 'dossiers', roles: clientsAndExperts, defaults: all },
  'expert_request.created': { category: 'marketplace', roles: ['expert'], defaults: all },
  'expert_request.accepted': { category: 'marketplace', roles: ['client'], defaults: all },
  'expert_request.declined': { category: 'marketplace', roles: ['client'], defaults: all },
  'review.created': { category: 'marketplace', roles: ['expert'], defaults: inAppAndEmail },
  'review.replied': { category: 'marketplace', roles: ['client'], defaults: inAppAndEmail },
  'account.approved': { category: 'account', roles: everyone, defaults: inAppAndEmail },
  'account.rejected': { category: 'account', roles: everyone, defaults: inAppAndEmail },
  'account.suspended': { category: 'account', roles: everyone, defaults: inAppAndEmail },
  'document.requested': { category: 'documents', roles: ['client'], defaults: all },
  'document.approved': { category: 'documents', roles: ['client'], defaults: inAppAndPush },
  'document.rejected': { category: 'documents', roles: ['client'], defaults: all },
  'workflow.step_completed': { category: 'workflow', roles: clientsAndExperts, defaults: inAppAndPush },
  /** The message a template's step sends on entry (its `notify` action). */
  'workflow.step_notice': { category: 'workflow', roles: everyone, defaults: inAppAndPush },
  'sla.approaching': { category: 'workflow', roles: ['expert', 'admin'], defaults: all },
  'sla.breached': { category: 'workflow', roles: ['expert', 'admin'], defaults: all },
  reminder: { category: 'workflow', roles: everyone, defaults: all },
  announcement: { category: 'platform', roles: everyone, defaults: inAppAndEmail },
  'report.ready': { category: 'platform', roles: ['expert', 'admin'], defaults: inAppAndEmail },
  'security.password_changed': {
    category: 'security',
    roles: everyone,
    defaults: inAppAndEmail,
    locked: true,
  },
  // Its e-mail goes to the previous address, sent by the account e-mails (the notification's would reach the new one).
  'security.email_changed': { category: 'security', roles: everyone, defaults: inAppAndPush, locked: true },
  'security.new_sign_in': { category: 'security', roles: everyone, defaults: inAppAndEmail, locked: true },
} as const satisfies Record<string, NotificationTypeRule>;

export type NotificationType = keyof typeof notificationCatalogue;
export const notificationTypes = Object.keys(notificationCatalogue) as NotificationType[];

export const ruleOf = (type: NotificationType): NotificationTypeRule => notificationCatalogue[type];

/** The types a role can receive, in catalogue order. */
export const typesForRole = (role: Role): NotificationType[] =>
  notificationTypes.filter((type) => (ruleOf(type).roles as readonly Role[]).includes(role));

export type ChannelOverrides = Partial<
  Record<NotificationType, Partial<Record<NotificationChannel, boolean>>>
>;

/** Whether a channel is on for a type: the user's override, else the default; locked types ignore overrides. */
export function channelEnabled(
  overrides: ChannelOverrides,
  type: NotificationType,
  channel: NotificationChannel,
): boolean {
  const rule = ruleOf(type);
  if (rule.locked) return rule.defaults[channel];
  return overrides[type]?.[channel] ?? rule.defaults[channel];
}

export const digestFrequencies = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof digestFrequencies)[number];

/** A new-message e-mail waits this long, and is not sent if the message was read in the app meanwhile. */
export const NEW_MESSAGE_EMAIL_DELAY_MS = 5 * 60 * 1000;
