import type { Executor } from '../../db/pool.ts';
import { type Owner, privacyRepo as records } from './privacy.repo.ts';
import { privacyActivityRepo as activity } from './privacy-activity.repo.ts';

/** Each promise of `reads` awaited, under its key. */
async function allOf<T extends Record<string, Promise<unknown>>>(reads: T) {
  const entries = await Promise.all(Object.entries(reads).map(async ([key, read]) => [key, await read]));
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}

/** Everything of one person's, read on one executor (an export reads it in one repeatable-read transaction). */
export async function snapshotOf(db: Executor, owner: Owner) {
  const { userId, companyId } = owner;
  const dossiers = await records.dossiers(db, owner);
  const ids = dossiers.map((d) => d.id);
  const rows = await allOf({
    account: records.account(db, userId),
    company: companyId ? records.company(db, companyId) : Promise.resolve(null),
    joinRequests: records.joinRequests(db, userId),
    expertProfile: records.expertProfile(db, userId),
    simulations: records.simulations(db, userId),
    dossierEvents: records.dossierEvents(db, ids, userId),
    versions: records.documentVersions(db, userId),
    documentAccesses: records.documentAccesses(db, userId),
    attachments: records.attachments(db, userId),
    conversations: activity.conversations(db, userId),
    messages: activity.messages(db, userId),
    messageEdits: activity.messageEdits(db, userId),
    reviewsWritten: activity.reviews(db, 'authorId', userId),
    reviewsReceived: activity.reviews(db, 'expertId', userId),
    expertRequests: activity.expertRequests(db, userId),
    notifications: activity.notifications(db, userId),
    notificationSettings: activity.notificationSettings(db, userId),
    pushSubscriptions: activity.pushSubscriptions(db, userId),
    emails: activity.emails(db, userId),
    sessions: activity.sessions(db, userId),
    auditEntries: activity.auditEntries(db, userId),
    signatures: activity.signatures(db, userId),
    alerts: activity.alerts(db, userId),
    reminders: activity.reminders(db, owner),
  });
  return { ...rows, dossiers };
}

export type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;
