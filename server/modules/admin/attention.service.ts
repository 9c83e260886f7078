import type { Attention, AttentionCount, AttentionKind } from '../../../common/admin-audit.ts';
import { attentionKinds } from '../../../common/admin-audit.ts';
import type { Executor } from '../../db/pool.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { attentionRepo, type WaitingRow } from './attention.repo.ts';

export type AttentionDeps = Pick<Platform, 'db'>;

/** How many of the oldest of each kind the centre shows. */
const FIRST_ITEMS = 5;

/** Where each kind is read, where the admin handles one of them, and where they handle them all. */
const sources: Record<
  AttentionKind,
  {
    read: (db: Executor, limit: number) => Promise<WaitingRow[]>;
    itemLink: (target: string) => string;
    link: string;
  }
> = {
  experts_pending: {
    read: attentionRepo.expertsPending,
    itemLink: (userId) => `/admin/utilisateurs/${userId}`,
    link: '/admin/utilisateurs?role=expert&status=pending',
  },
  sla_breached: {
    read: attentionRepo.slaBreached,
    itemLink: (dossierId) => `/dossiers/${dossierId}`,
    link: '/alerts',
  },
  emails_failed: {
    read: attentionRepo.emailsFailed,
    itemLink: (emailId) => `/admin/emails?email=${emailId}`,
    link: '/admin/emails',
  },
  dossiers_unassigned: {
    read: attentionRepo.dossiersUnassigned,
    itemLink: (dossierId) => `/dossiers/${dossierId}`,
    link: '/admin/affectations',
  },
  join_requests_pending: {
    read: attentionRepo.joinRequestsPending,
    itemLink: () => '/admin/adhesions',
    link: '/admin/adhesions',
  },
};

/** The admins' "à traiter" centre: what waits for an admin now, each kind with its count, oldest and first items. */
export class AttentionService extends Service<AttentionDeps> {
  async overview(): Promise<Attention> {
    const { db } = this.deps;
    const counts = new Map((await attentionRepo.counts(db)).map((c) => [c.kind, c]));
    const groups = [];
    for (const kind of attentionKinds) {
      const source = sources[kind];
      const count = counts.get(kind)?.count ?? 0;
      const rows = count > 0 ? await source.read(db, FIRST_ITEMS) : [];
      groups.push({
        kind,
        count,
        oldestSince: counts.get(kind)?.oldest?.toISOString() ?? null,
        items: rows.map((r) => ({
          id: r.id,
          label: r.label,
          detail: r.detail,
          since: r.since.toISOString(),
          link: source.itemLink(r.target),
        })),
        link: source.link,
      });
    }
    return { total: groups.reduce((sum, g) => sum + g.count, 0), groups };
  }

  /** The total alone, for a badge. */
  async count(): Promise<AttentionCount> {
    const counts = await attentionRepo.counts(this.deps.db);
    return { total: counts.reduce((sum, c) => sum + c.count, 0) };
  }
}
