import type { Readable } from 'node:stream';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { streamArchive } from './privacy.archive.ts';
import { layoutOf } from './privacy.presenter.ts';
import { readme } from './privacy.readme.ts';
import { snapshotOf } from './privacy.snapshot.ts';

export type PrivacyDeps = Pick<Platform, 'db' | 'clock' | 'storage'>;

const parisDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short' });

/** The export's file name, dated by its Paris day. */
export const exportFilename = (at: Date) => `mes-donnees-financialtracker-${parisDay.format(at)}.zip`;

/** A person's right to their data (GDPR portability): everything of theirs, as a ZIP of JSON files and files. */
export class PrivacyService extends Service<PrivacyDeps> {
  /**
   * The signed-in person's data, read at one instant (one repeatable-read transaction, which also records the
   * export in the audit log), then streamed as a ZIP: their documents are read from the store as the ZIP is sent.
   */
  async export(user: AuthUser): Promise<{ filename: string; archive: Readable }> {
    const { db, clock, storage } = this.deps;
    const at = clock.now();
    const { snapshot, layout } = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const snapshot = await snapshotOf(trx, { userId: user.id, companyId: user.companyId });
        const layout = layoutOf(snapshot);
        await recordAudit(trx, {
          actorId: user.id,
          action: 'privacy.data_exported',
          entityType: 'user',
          entityId: user.id,
          after: { dataFiles: layout.dataFiles.length, files: layout.files.length },
          at,
        });
        return { snapshot, layout };
      });
    const { account } = snapshot;
    const dataFiles = layout.dataFiles.map((f) => f.path);
    const archive = streamArchive(storage, {
      at,
      readme: readme(
        { name: `${account.firstName} ${account.lastName}`, email: account.email },
        at,
        dataFiles,
      ),
      dataFiles: layout.dataFiles,
      files: layout.files,
      manifest: {
        format: 'financialtracker.personal-data',
        version: 1,
        generatedAt: at.toISOString(),
        user: { id: account.id, email: account.email, role: account.role },
        dataFiles,
      },
    });
    return { filename: exportFilename(at), archive };
  }
}
