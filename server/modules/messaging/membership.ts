import { type Platform, Service } from '../../platform/service.ts';
import { conversationsRepo as repo } from './conversations.repo.ts';
import { membershipRepo } from './membership.repo.ts';
import type { MessagingRealtime } from './messaging.realtime.ts';

export type DossierMembershipDeps = Pick<Platform, 'db' | 'clock'> & {
  realtime: MessagingRealtime;
  /** Creates the dossier's conversation with its current people (the conversations service's). */
  ensureConversation: (dossierId: string, companyId: string, expertId: string) => Promise<string>;
  /** Posts a system message in the conversation. */
  announce: (conversationId: string, body: string) => Promise<unknown>;
};

/**
 * The expert side of a dossier's conversation follows the dossier: its current expert takes part, no other expert
 * does (clients join on their own, admins by choice). `reconcile` recomputes that from the dossier, so running it
 * twice, late or out of order does no harm: it runs after every expert change (event) and from a periodic job
 * (messaging.jobs.ts), which repairs what a crash or a failure between the dossier's commit and the event lost.
 */
export class DossierMembership extends Service<DossierMembershipDeps> {
  /** Brings the conversation of one dossier in line with the dossier; answers who joined and who left. */
  async reconcile(dossierId: string): Promise<{ joined: string[]; left: string[] }> {
    const at = this.deps.clock.now();
    const outcome = await this.deps.db.transaction().execute(async (trx) => {
      // FOR SHARE: a change of expert committing meanwhile waits for this transaction, so what is written here
      // follows the latest expert even when two reconciliations of the same dossier run at once.
      const dossier = await membershipRepo.dossierForShare(trx, dossierId);
      if (!dossier?.conversationId) return dossier ? { ...dossier, joined: [], left: [] } : null;
      const experts = await membershipRepo.currentExperts(trx, dossier.conversationId);
      const left: string[] = [];
      for (const { userId } of experts) {
        if (userId !== dossier.expertId && (await repo.leave(trx, dossier.conversationId, userId, at))) {
          left.push(userId);
        }
      }
      const joined = dossier.expertId
        ? await repo.addParticipants(
            trx,
            dossier.conversationId,
            [{ userId: dossier.expertId, role: 'expert' }],
            at,
          )
        : [];
      return { ...dossier, joined, left };
    });
    if (!outcome) return { joined: [], left: [] };
    const { conversationId, expertId, companyId, joined, left } = outcome;
    if (!conversationId) {
      // No conversation yet: created with the current expert in it, as on first use.
      if (expertId) await this.deps.ensureConversation(dossierId, companyId, expertId);
      return { joined: [], left: [] };
    }
    await this.tell(conversationId, joined, left);
    return { joined, left };
  }

  /** Reconciles the dossiers whose conversation disagrees with them, at most `limit`; answers how many. */
  async reconcileDrifted(limit = 500): Promise<number> {
    const drifted = await membershipRepo.driftedDossiers(this.deps.db, limit);
    for (const dossierId of drifted) await this.reconcile(dossierId);
    return drifted.length;
  }

  private async tell(conversationId: string, joined: string[], left: string[]) {
    const names = await membershipRepo.namesOf(this.deps.db, [...left, ...joined]);
    this.deps.realtime.leave(left, conversationId);
    for (const userId of left)
      await this.deps.announce(conversationId, `${names.get(userId)} a quitté la conversation`);
    this.deps.realtime.enter(joined, conversationId);
    for (const userId of joined) {
      this.deps.realtime.conversationNew([userId], conversationId);
      await this.deps.announce(conversationId, `${names.get(userId)} a rejoint la conversation`);
    }
  }
}
