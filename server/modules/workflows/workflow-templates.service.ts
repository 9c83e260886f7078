import { sql } from 'kysely';
import type { z } from 'zod';
import { uuidv7 } from '../../../common/ids.ts';
import type { Answers } from '../../../common/products.ts';
import type {
  newTemplateVersionInput,
  TemplateDiff,
  templatePreview,
  templatePreviewInput,
  WorkflowStep,
  WorkflowTemplate,
  workflowTemplateSummary,
  workflowTemplateVersions,
} from '../../../common/workflows.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { defaultTemplate, type TemplateProduct } from './default-templates.ts';
import { diffTemplates } from './template-diff.ts';
import { previewPath } from './template-path.ts';
import { assertCompletable } from './template-rules.ts';
import { toTemplate, toVersionEntry } from './workflow-templates.presenter.ts';
import { workflowTemplatesRepo as repo, type TemplateRow } from './workflow-templates.repo.ts';

/** A template version as the engine runs it. */
export type StoredTemplate = { id: string; productCode: string; version: number; steps: WorkflowStep[] };

type NewVersionInput = z.infer<typeof newTemplateVersionInput>;
type PreviewInput = z.infer<typeof templatePreviewInput>;

const stored = (row: Pick<TemplateRow, 'id' | 'productCode' | 'version' | 'steps'>): StoredTemplate => ({
  id: row.id,
  productCode: row.productCode,
  version: row.version,
  steps: row.steps,
});

const versionNotFound = (productCode: string, version: number) =>
  new AppError(
    404,
    'WORKFLOW_VERSION_NOT_FOUND',
    `Version ${version} introuvable pour le produit ${productCode}`,
  );

export type WorkflowTemplatesDeps = Pick<Platform, 'db' | 'clock'> & { products: ProductsService };

/**
 * The versioned templates of each product. A version is never changed once written (editing writes the next one),
 * so versions are kept in memory by id; the current one is the highest version, and a product without any gets its
 * default (default-templates.ts) as version 1 the first time it is needed.
 */
export class WorkflowTemplatesService extends Service<WorkflowTemplatesDeps> {
  private readonly byIdCache = new Map<string, StoredTemplate>();

  /** The product's highest version, writing the default version 1 when it has none (concurrent callers: one wins). */
  async current(productCode: string, trx: Executor = this.deps.db): Promise<StoredTemplate> {
    const latest = await repo.latestId(trx, productCode);
    if (latest) return this.byId(latest.id, trx);
    const product = await this.productOf(trx, productCode);
    await repo.insertIfAbsent(trx, {
      id: uuidv7(this.deps.clock.now().getTime()),
      productCode,
      version: 1,
      steps: JSON.stringify(defaultTemplate(product)),
      note: null,
      createdBy: null,
      createdAt: this.deps.clock.now(),
    });
    const written = await repo.latestId(trx, productCode);
    if (!written) throw new Error(`The default template of ${productCode} was not written`);
    return this.byId(written.id, trx);
  }

  async byId(templateId: string, trx: Executor = this.deps.db): Promise<StoredTemplate> {
    const known = this.byIdCache.get(templateId);
    if (known) return known;
    const row = await repo.find(trx, templateId);
    if (!row) throw notFound('Modèle de workflow');
    return this.remember(stored(row));
  }

  /** Writes the default template of every product that has none. */
  async ensureDefaults(): Promise<void> {
    for (const code of await repo.productCodes(this.deps.db)) await this.current(code);
  }

  /** Each active product's current version, with the dossiers still open on older ones. */
  async list(): Promise<z.infer<typeof workflowTemplateSummary>[]> {
    const products = await this.deps.products.listActive();
    let outline = await repo.outline(this.deps.db);
    const missing = products.filter((p) => !outline.some((o) => o.productCode === p.code));
    if (missing.length > 0) {
      for (const p of missing) await this.current(p.code);
      outline = await repo.outline(this.deps.db);
    }
    return products.map((p) => {
      const versions = outline.filter((o) => o.productCode === p.code);
      const [latest] = versions as [(typeof versions)[number]];
      return {
        productCode: p.code,
        productName: p.name,
        currentVersion: latest.version,
        stepCount: latest.stepCount,
        updatedAt: latest.createdAt.toISOString(),
        dossiersOnOlderVersions: versions.slice(1).reduce((sum, v) => sum + v.openDossiers, 0),
      };
    });
  }

  /** The product's current version and its history. */
  async get(productCode: string): Promise<z.infer<typeof workflowTemplateVersions>> {
    await this.current(productCode);
    const versions = await repo.versions(this.deps.db, productCode);
    return {
      productCode,
      current: toTemplate(versions[0] as TemplateRow),
      versions: versions.map(toVersionEntry),
    };
  }

  async version(productCode: string, version: number): Promise<WorkflowTemplate> {
    const row = await repo.byVersion(this.deps.db, productCode, version);
    if (!row) throw versionNotFound(productCode, version);
    return toTemplate(row);
  }

  /** Writes the product's next version once the rules accept it; running dossiers keep theirs. */
  async createVersion(actor: Actor, productCode: string, input: NewVersionInput): Promise<WorkflowTemplate> {
    const at = this.deps.clock.now();
    const id = uuidv7(at.getTime());
    await this.deps.db.transaction().execute(async (trx) => {
      const product = await this.productOf(trx, productCode);
      assertCompletable(input.steps, product);
      // Two admins saving at once: the second waits, then writes the version after the first one's.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`workflow_templates:${productCode}`}))`.execute(trx);
      const previous = await this.current(productCode, trx);
      await repo.insert(trx, {
        id,
        productCode,
        version: previous.version + 1,
        steps: JSON.stringify(input.steps),
        note: input.note ?? null,
        createdBy: actor.id,
        createdAt: at,
      });
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'workflow_template.version_created',
        entityType: 'workflow_template',
        entityId: id,
        before: { productCode, version: previous.version },
        after: { productCode, version: previous.version + 1, note: input.note ?? null, steps: input.steps },
        at,
      });
    });
    const row = await repo.find(this.deps.db, id);
    return toTemplate(row as TemplateRow);
  }

  async diff(productCode: string, from: number, to: number): Promise<TemplateDiff> {
    const [a, b] = await Promise.all([this.version(productCode, from), this.version(productCode, to)]);
    return diffTemplates(a, b);
  }

  /**
   * Which steps apply to a dossier: the steps given (checked first), a version, the dossier's own version or the
   * current one; the dossier's answers and amounts, overridden by the answers given.
   */
  async preview(productCode: string, input: PreviewInput): Promise<z.infer<typeof templatePreview>> {
    const dossier = input.dossierId ? await this.dossierFacts(productCode, input.dossierId) : null;
    let steps: WorkflowStep[];
    if (input.steps) {
      assertCompletable(input.steps, await this.productOf(this.deps.db, productCode));
      steps = input.steps;
    } else if (input.version !== undefined) {
      steps = (await this.version(productCode, input.version)).steps;
    } else if (dossier?.templateId) {
      steps = (await this.byId(dossier.templateId)).steps;
    } else {
      steps = (await this.current(productCode)).steps;
    }
    const context = {
      ...(dossier?.answers ?? {}),
      ...(dossier?.estimatedCents != null && { estimatedCents: dossier.estimatedCents }),
      ...(dossier?.auditedCents != null && { auditedCents: dossier.auditedCents }),
      ...(dossier?.grantedCents != null && { grantedCents: dossier.grantedCents }),
      ...input.answers,
    };
    return previewPath(steps, context, dossier?.currentStepKey ?? null);
  }

  private async dossierFacts(productCode: string, dossierId: string) {
    const facts = await repo.dossierFacts(this.deps.db, dossierId);
    if (!facts) throw notFound('Dossier');
    if (facts.productCode !== productCode) {
      throw new AppError(400, 'VALIDATION_ERROR', 'Ce dossier ne relève pas de ce produit', [
        { path: 'dossierId', message: `Dossier ${facts.productCode}` },
      ]);
    }
    return { ...facts, answers: facts.answers as Answers | null };
  }

  private async productOf(db: Executor, productCode: string): Promise<TemplateProduct> {
    const product = await repo.product(db, productCode);
    if (!product) throw notFound('Produit');
    return product;
  }

  private remember(template: StoredTemplate): StoredTemplate {
    this.byIdCache.set(template.id, template);
    return template;
  }
}
