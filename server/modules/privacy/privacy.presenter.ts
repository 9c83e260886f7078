import { sanitizeFilename } from '../../platform/files.ts';
import type { NotificationData } from '../notifications/templates.data.ts';
import type { StoredFile } from './privacy.archive.ts';
import type { DataFile } from './privacy.readme.ts';
import type { Snapshot } from './privacy.snapshot.ts';

export type Layout = { dataFiles: { path: DataFile; data: unknown }[]; files: StoredFile[] };

/** What a notification quotes of another person's message: left out, as their messages are. */
const quotedMessages: { [T in keyof NotificationData]?: (keyof NotificationData[T])[] } = {
  'message.new': ['excerpt'],
  'expert_request.created': ['message'],
};

function withoutQuotes(type: string, data: Record<string, unknown>) {
  const quoted: readonly string[] = quotedMessages[type as keyof NotificationData] ?? [];
  return Object.fromEntries(Object.entries(data).filter(([key]) => !quoted.includes(key)));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** A path segment every system accepts: no separator, no character Windows refuses, no trailing dot or space. */
const safeSegment = (name: string) =>
  sanitizeFilename(name)
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/[. ]+$/, '') || 'fichier';

/** Paths of the archive, each given once: a second "facture.pdf" of a folder becomes "facture (2).pdf". */
class ArchivePaths {
  private readonly taken = new Set<string>();

  place(folder: string, name: string): string {
    const safe = safeSegment(name);
    let path = `${folder}/${safe}`;
    for (let n = 2; this.taken.has(path.toLowerCase()); n++) {
      path = `${folder}/${safe.replace(/(\.[^.]*)?$/, (extension) => ` (${n})${extension}`)}`;
    }
    this.taken.add(path.toLowerCase());
    return path;
  }
}

/**
 * The archive's JSON files and stored files, from everything read of the person. Storage keys stay out, and so do
 * other people's messages, and the details of audit entries not about the person's own account (an action on
 * someone else's record may carry that person's data).
 */
export function layoutOf(s: Snapshot): Layout {
  const paths = new ArchivePaths();
  const files: StoredFile[] = [];
  const store = (folder: string, name: string, key: string, sizeBytes: number, sha256: string | null) => {
    const path = paths.place(folder, name);
    files.push({ path, key, sizeBytes, sha256 });
    return path;
  };

  const uploads = s.versions.map(({ id: _id, storageKey, ...v }) => {
    const sizeBytes = Number(v.sizeBytes);
    const folder = `documents/${safeSegment(v.dossierReference)}`;
    return {
      ...v,
      sizeBytes,
      file: store(folder, `v${v.version}-${v.filename}`, storageKey, sizeBytes, v.sha256),
    };
  });
  const attachments = s.attachments.map(({ storageKey, ...a }) => {
    const folder = `pieces-jointes/${a.dossierReference ? safeSegment(a.dossierReference) : 'conversations-directes'}`;
    return { ...a, file: store(folder, a.filename, storageKey, a.sizeBytes, null) };
  });

  const own = new Set(s.dossiers.map((d) => d.id));
  const history = groupBy(s.dossierEvents, (e) => e.dossierId);
  const edits = groupBy(s.messageEdits, (e) => e.messageId);

  const dataFiles: Layout['dataFiles'] = [
    {
      path: 'compte.json',
      data: { account: s.account, company: s.company ?? null, joinRequests: s.joinRequests },
    },
    ...(s.expertProfile ? [{ path: 'profil-expert.json' as const, data: s.expertProfile }] : []),
    { path: 'simulations.json', data: s.simulations },
    {
      path: 'dossiers.json',
      data: {
        dossiers: s.dossiers.map(({ id, ...d }) => ({
          ...d,
          history: (history.get(id) ?? []).map(({ dossierId: _id, dossierReference: _ref, ...e }) => e),
        })),
        actionsOnOtherDossiers: s.dossierEvents
          .filter((e) => !own.has(e.dossierId))
          .map(({ dossierId: _id, ...e }) => e),
      },
    },
    {
      path: 'messages.json',
      data: {
        conversations: s.conversations,
        messages: s.messages.map((m) => ({
          ...m,
          earlierVersions: (edits.get(m.id) ?? []).map(({ messageId: _messageId, ...e }) => e),
        })),
        attachments,
      },
    },
    { path: 'documents.json', data: { uploads, accesses: s.documentAccesses } },
    { path: 'avis.json', data: { written: s.reviewsWritten, received: s.reviewsReceived } },
    {
      path: 'demandes-expert.json',
      data: s.expertRequests.map((r) => ({ ...r, message: r.sentByYou ? r.message : null })),
    },
    {
      path: 'notifications.json',
      data: {
        notifications: s.notifications.map((n) => ({ ...n, data: withoutQuotes(n.type, n.data) })),
        settings: s.notificationSettings ?? null,
        pushSubscriptions: s.pushSubscriptions,
      },
    },
    { path: 'e-mails.json', data: s.emails },
    { path: 'sessions.json', data: s.sessions },
    {
      path: 'journal-audit.json',
      data: s.auditEntries.map(({ before, after, ...e }) => (e.aboutYou ? { ...e, before, after } : e)),
    },
    { path: 'signatures.json', data: s.signatures },
    { path: 'alertes-rappels.json', data: { alerts: s.alerts, reminders: s.reminders } },
  ];
  return { dataFiles, files };
}
