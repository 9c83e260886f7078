import type { errorTexts as fr } from '../fr/errors.ts';
import type { Widen } from '../fr.ts';
import { auditErrorTexts } from './auditPages.ts';
import { dashboardErrorTexts } from './dashboardPages.ts';
import { fileExportErrorTexts } from './fileExports.ts';
import { myDataErrorTexts } from './myData.ts';
import { reportErrorTexts } from './reportPages.ts';
import { workflowErrorTexts } from './workflowPages.ts';

export const errorTexts: Widen<typeof fr> = {
  errors: {
    VALIDATION_ERROR: 'Some information is invalid: please check the form.',
    REASON_REQUIRED: 'Please give a reason for this action.',
    UNAUTHENTICATED: 'Please log in.',
    TOKEN_EXPIRED: 'Your session has expired: please log in again.',
    SESSION_MISMATCH: 'This token belongs to another session: please log in again.',
    INVALID_CREDENTIALS: 'Wrong e-mail or password.',
    ACCOUNT_SUSPENDED: 'This account is suspended.',
    ACCOUNT_PENDING: 'Your account is awaiting approval.',
    ACCOUNT_STATUS_CHANGE_INVALID: 'This action is not possible on an account in this state.',
    FORBIDDEN: 'You are not allowed to do this.',
    NOT_FOUND: 'Not found.',
    CONFLICT: 'This conflicts with a recent change: reload the page.',
    EMAIL_TAKEN: 'An account already exists with this e-mail address.',
    JOIN_REQUEST_ALREADY_DECIDED: 'This join request has already been decided.',
    JOIN_REQUEST_ACCOUNT_NOT_PENDING:
      'The requester’s account is no longer pending (suspended?): reactivate it before deciding.',
    REGISTRATION_RATE_LIMITED: 'Too many registration attempts: try again in an hour.',
    ACCOUNT_LINK_INVALID:
      'This link is not valid: it was used already, has expired or was replaced by a newer one.',
    EMAIL_ALREADY_VERIFIED: 'Your e-mail address is confirmed already.',
    INVALID_TRANSITION: 'This status change is not possible at this stage.',
    DOSSIER_ALREADY_OPEN: 'Your company already has a dossier under way for this product.',
    EXPERT_REQUIRED: 'Choose an expert for this step.',
    AUDITED_AMOUNT_REQUIRED: 'Enter the audited amount for this step.',
    GRANTED_AMOUNT_REQUIRED: 'Enter the amount granted by the administration for this step.',
    OBTAINED_AMOUNT_REQUIRED: 'Enter the amount obtained to close the dossier.',
    INVALID_CURSOR: 'This list link is no longer valid: reload the page.',
    EXPERT_REQUEST_REQUIRED: 'To choose an expert, send them a request from the marketplace.',
    EXPERT_NOT_AVAILABLE: 'This expert does not exist or is not approved.',
    EXPERT_PRODUCT_NOT_COVERED: 'This expert does not handle dossiers of this product.',
    EXPERT_AT_CAPACITY: 'This expert has no availability left: choose another one.',
    EXPERT_REQUEST_CLOSED: 'This request has already been answered or was cancelled.',
    REVIEW_NOT_ALLOWED:
      'Only the client of a dossier this expert worked on can review them, once the dossier is over.',
    REVIEW_ALREADY_WRITTEN: 'This dossier has already been reviewed.',
    REVIEW_ALREADY_ANSWERED: 'You have already replied to this review.',
    REVIEW_ALREADY_HIDDEN: 'This review is already hidden.',
    CONVERSATION_WITH_SELF: 'Choose someone other than yourself to talk to.',
    CONVERSATION_PARTNER_UNAVAILABLE: 'This person does not exist or their account is not active.',
    MESSAGE_DELETED: 'This message was deleted.',
    MESSAGE_EDIT_WINDOW_CLOSED: 'A message can no longer be edited 15 minutes after it was sent.',
    UNPROCESSABLE: 'This action cannot be done in the current state.',
    PAYLOAD_TOO_LARGE: 'What you sent is too large.',
    UNSUPPORTED_MEDIA_TYPE: 'This file type is not accepted.',
    RATE_LIMITED: 'Too many attempts: wait a minute before trying again.',
    LOGIN_THROTTLED:
      'Too many login attempts for this e-mail address: wait a few minutes before trying again.',
    SIMULATION_ANSWER_UNKNOWN: 'An answer matches no question of the simulator: reload the page.',
    SIMULATION_ANSWER_INVALID: 'An answer is outside the accepted values: please check the form.',
    SIMULATION_PRODUCT_NOT_ELIGIBLE: 'This simulation does not make your company eligible for this product.',
    PRODUCT_UNKNOWN: 'This product does not exist or is no longer offered: reload the page.',
    ATTACHMENT_UNAVAILABLE: 'An attachment cannot be found or was already sent: attach it again.',
    ATTACHMENT_QUOTA_EXCEEDED:
      'You have reached the attachment storage limit of your account: contact support.',
    NETWORK_ERROR: 'Cannot reach the server: check your connection.',
    SERVICE_UNAVAILABLE: 'The service is briefly unavailable. Please try again in a few seconds.',
    INTERNAL_ERROR: 'Something went wrong. Please try again in a moment.',
    NOTIFICATION_NOT_FOUND: 'Notification not found.',
    NOTIFICATION_TYPE_LOCKED: 'Security notices cannot be turned off.',
    PUSH_SUBSCRIPTION_NOT_FOUND: 'This device is not subscribed to notifications.',
    PUSH_UNAVAILABLE: 'Browser notifications are not available on this server.',
    PUSH_SERVICE_NOT_ALLOWED: 'This browser uses a notification service FinancialTracker does not accept.',
    INVALID_TIME_ZONE: 'Unknown time zone.',
    UNSUBSCRIBE_LINK_INVALID:
      'This unsubscribe link is not valid: manage your preferences from your account.',
    ANNOUNCEMENT_NOT_FOUND: 'Announcement not found.',
    ANNOUNCEMENT_NOT_SCHEDULED: 'Only a scheduled announcement, not yet sent, can be cancelled.',
    ANNOUNCEMENT_SCHEDULE_PAST: 'The sending time has passed: pick a time to come, or send now.',
    ANNOUNCEMENT_NO_RECIPIENTS: 'This segment matches no active account: widen it.',
    DOCUMENT_CATEGORY_UNKNOWN: 'This document category does not exist: reload the page.',
    DOCUMENT_DUPLICATE: 'This file is already in the dossier.',
    DOCUMENT_EMPTY: 'This file is empty.',
    DOCUMENT_NOT_REVIEWABLE:
      'Only the current version of a pending document can be approved or rejected: reload the page.',
    DOCUMENT_RETAINED:
      'The documents of a closed dossier are kept for the legal period: only an administrator may delete them, with a reason.',
    DOCUMENT_DOSSIER_CLOSED: 'This dossier is closed: it takes no more documents or requests.',
    DOCUMENT_REQUEST_CLOSED: 'This request already has its document or was cancelled.',
    DOCUMENT_LINK_INVALID: 'This download link is no longer valid: get the document again from the app.',
    DOCUMENT_UPLOAD_INVALID: 'This upload is incomplete (dossier, category or file name): start it again.',
    ...workflowErrorTexts,
    ...auditErrorTexts,
    ...dashboardErrorTexts,
    ...reportErrorTexts,
    ...fileExportErrorTexts,
    ...myDataErrorTexts,
  },
};
