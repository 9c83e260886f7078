import type { DossierStatus } from '../../../common/dossiers.ts';
import type { NotificationType } from '../../../common/notifications.ts';

/** A notification's texts in one language: what the centre, the e-mail and the push show. */
export type RenderedNotification = { title: string; body: string; action: string /* CTA label */ };

/** Text the calling module gives in both languages (a reminder's subject, a report's name). */
export type Bilingual = { fr: string; en: string };

/**
 * The template parameters of each notification type, stored as the notification's `data` (plain JSON): names,
 * references and statuses as they were when the event happened. The texts are rendered from them in the reader's
 * language (`renderNotification`). Keys are camel-case: the database layer camel-cases the JSON keys it reads.
 */
export type NotificationData = {
  /** Grouped per conversation: the latest message's sender and excerpt (≤ 140 characters). */
  'message.new': { conversationId: string; senderName: string; excerpt: string };
  'dossier.status_changed': {
    dossierId: string;
    reference: string;
    productName: string;
    companyName: string;
    from: DossierStatus;
    to: DossierStatus;
  };
  'dossier.expert_assigned': {
    dossierId: string;
    reference: string;
    productName: string;
    companyName: string;
    expertName: string;
    /** Why an admin replaced the previous expert (absent from the notifications stored before it existed). */
    reason?: string | null;
  };
  /** To the expert: a client asks them to take a dossier. */
  'expert_request.created': {
    dossierId: string;
    reference: string;
    productName: string;
    companyName: string;
    message: string | null;
  };
  'expert_request.accepted': {
    dossierId: string;
    reference: string;
    productName: string;
    expertName: string;
  };
  'expert_request.declined': {
    dossierId: string;
    reference: string;
    productName: string;
    expertName: string;
    reason: string;
  };
  /** To the expert: a client reviewed their work. */
  'review.created': { expertId: string; rating: number; companyName: string };
  /** To the client: the expert answered their review. */
  'review.replied': { expertId: string; expertName: string };
  'account.approved': { firstName: string };
  /** `reason`: the admin's, when they gave one. */
  'account.rejected': { firstName: string; reason?: string | null };
  'account.suspended': { firstName: string; reason?: string | null };
  'document.requested': { dossierId: string; reference: string; documentName: string };
  'document.approved': { dossierId: string; reference: string; documentName: string };
  'document.rejected': { dossierId: string; reference: string; documentName: string; reason: string };
  'workflow.step_completed': { dossierId: string; reference: string; stepName: Bilingual };
  'workflow.step_notice': { dossierId: string; reference: string; stepName: Bilingual; message: Bilingual };
  'sla.approaching': { dossierId: string; reference: string; hoursLeft: number };
  'sla.breached': { dossierId: string; reference: string; hoursLate: number };
  reminder: { subject: Bilingual };
  /** The announcement's own texts (announcements table), written by the admin in both languages. */
  announcement: { titleFr: string; bodyFr: string; titleEn: string; bodyEn: string };
  'report.ready': { reportName: Bilingual };
  'security.password_changed': Record<string, never>;
  'security.email_changed': { previousEmail: string; email: string };
  'security.new_sign_in': { browser: string; ip: string };
};

/** One type's template in one language; `count` is how many events a grouped notification stands for. */
export type Template<T extends NotificationType> = (
  data: NotificationData[T],
  count: number,
) => RenderedNotification;

/** Every type's template in one language. */
export type Templates = { [T in NotificationType]: Template<T> };
