import { dossierStatusNamesEn as statusEn } from '../../../common/dossier-status-names.ts';
import type { Templates } from './templates.data.ts';

const hours = (n: number) => (n <= 1 ? '1 hour' : `${n} hours`);
const seeDossier = 'View the file';

/** The English texts of every notification type. */
export const templatesEn: Templates = {
  'message.new': (d, count) => ({
    title: count > 1 ? `${count} new messages from ${d.senderName}` : `New message from ${d.senderName}`,
    // A message of attachments only has no text.
    body: d.excerpt || 'Attachment',
    action: 'Read the conversation',
  }),
  'dossier.status_changed': (d) => ({
    title: `File ${d.reference}: ${statusEn[d.to]}`,
    body: `${d.companyName}’s ${d.productName} file moved from “${statusEn[d.from]}” to “${statusEn[d.to]}”.`,
    action: seeDossier,
  }),
  'dossier.expert_assigned': (d) => ({
    title: `New expert on file ${d.reference}`,
    body: `${d.expertName} now handles ${d.companyName}’s ${d.productName} file.${d.reason ? ` Reason: ${d.reason}` : ''}`,
    action: seeDossier,
  }),
  'expert_request.created': (d) => ({
    title: `Expert request: file ${d.reference}`,
    body: `${d.companyName} offers you its ${d.productName} file.${d.message ? ` “${d.message}”` : ''}`,
    action: 'Answer the request',
  }),
  'expert_request.accepted': (d) => ({
    title: `${d.expertName} accepted your file ${d.reference}`,
    body: `${d.expertName} now handles your ${d.productName} file.`,
    action: seeDossier,
  }),
  'expert_request.declined': (d) => ({
    title: `${d.expertName} declined your file ${d.reference}`,
    body: `Reason: ${d.reason}. Choose another expert for your ${d.productName} file.`,
    action: 'Choose an expert',
  }),
  'review.created': (d) => ({
    title: `New review: ${d.rating}/5`,
    body: `${d.companyName} reviewed your work.`,
    action: 'See the review',
  }),
  'review.replied': (d) => ({
    title: `${d.expertName} answered your review`,
    body: `${d.expertName} posted an answer to the review you wrote.`,
    action: 'Read the answer',
  }),
  'account.approved': (d) => ({
    title: 'Your account is approved',
    body: `Welcome ${d.firstName}: your account is active and every service is open to you.`,
    action: 'Go to my account',
  }),
  'account.rejected': (d) => ({
    title: 'Your account request was not accepted',
    body: `${d.firstName}, an administrator did not approve your account.${d.reason ? ` Reason: ${d.reason}.` : ''} Contact us to learn more.`,
    action: 'See my account',
  }),
  'account.suspended': (d) => ({
    title: 'Your account is suspended',
    body: `${d.firstName}, an administrator suspended your account.${d.reason ? ` Reason: ${d.reason}.` : ''} Contact us to learn more.`,
    action: 'See my account',
  }),
  'document.requested': (d) => ({
    title: `Document requested: ${d.documentName}`,
    body: `Please upload “${d.documentName}” to file ${d.reference}.`,
    action: 'Upload the document',
  }),
  'document.approved': (d) => ({
    title: `Document accepted: ${d.documentName}`,
    body: `“${d.documentName}” was approved for file ${d.reference}.`,
    action: seeDossier,
  }),
  'document.rejected': (d) => ({
    title: `Document rejected: ${d.documentName}`,
    body: `“${d.documentName}” was rejected for file ${d.reference}. Reason: ${d.reason}.`,
    action: 'Upload a new document',
  }),
  'workflow.step_completed': (d) => ({
    title: `Step completed: ${d.stepName.en}`,
    body: `The “${d.stepName.en}” step of file ${d.reference} is completed.`,
    action: seeDossier,
  }),
  'workflow.step_notice': (d) => ({
    title: `File ${d.reference}: ${d.stepName.en}`,
    body: d.message.en,
    action: seeDossier,
  }),
  'sla.approaching': (d) => ({
    title: `Deadline approaching: file ${d.reference}`,
    body: `${hours(d.hoursLeft)} left to handle file ${d.reference}.`,
    action: seeDossier,
  }),
  'sla.breached': (d) => ({
    title: `Deadline missed: file ${d.reference}`,
    body: `File ${d.reference} is ${hours(d.hoursLate)} past its deadline.`,
    action: seeDossier,
  }),
  reminder: (d) => ({ title: 'Reminder', body: d.subject.en, action: 'View' }),
  announcement: (d) => ({ title: d.titleEn, body: d.bodyEn, action: 'Read the announcement' }),
  'report.ready': (d) => ({
    title: 'Your report is ready',
    body: `The “${d.reportName.en}” report is available.`,
    action: 'Open the report',
  }),
  'security.password_changed': () => ({
    title: 'Your password was changed',
    body: 'The password of your account was just changed. If this was not you, reset it right away.',
    action: 'Check my account',
  }),
  'security.email_changed': (d) => ({
    title: 'Your e-mail address was changed',
    body: `Your account’s address changed from ${d.previousEmail} to ${d.email}. If this was not you, contact us right away.`,
    action: 'Check my account',
  }),
  'security.new_sign_in': (d) => ({
    title: 'New sign-in to your account',
    body: `Signed in from ${d.browser} (address ${d.ip}). If this was not you, change your password.`,
    action: 'Check my sessions',
  }),
};
