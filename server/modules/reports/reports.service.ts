import { regionNames } from '../../../common/reference.ts';
import {
  type ReportDocument,
  type ReportParams,
  type ReportSection,
  type ReportType,
  reportMaxDays,
} from '../../../common/reports.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { defaultGroupBy, previousPeriod, spanDays } from '../dashboard/metrics-period.ts';
import type { ProductsService } from '../products/products.service.ts';
import { clientSections } from './builders/client.ts';
import { expertSections } from './builders/expert.ts';
import { financialSections } from './builders/financial.ts';
import { pipelineSections } from './builders/pipeline.ts';
import { platformSections } from './builders/platform.ts';
import { reportAggregatesRepo } from './report-aggregates.repo.ts';
import { reportFlowsRepo } from './report-flows.repo.ts';
import { ReportFlows } from './report-flows.ts';
import { reportReadsRepo as reads } from './report-reads.repo.ts';
import type { ReportScope } from './report-scope.ts';
import { type ReportContext, reportContext } from './report-sections.ts';

export type ReportsDeps = Pick<Platform, 'db' | 'clock'> & { products: ProductsService };

/** Who may read which report: admins every one; an expert their own performance and pipeline; a client their summary. */
const allowedTypes: Record<Actor['role'], readonly ReportType[]> = {
  admin: ['platform', 'expert', 'pipeline', 'financial'],
  expert: ['expert', 'pipeline'],
  client: ['client'],
};

/** Dossiers listed in a pipeline's stuck table. */
const STUCK_LIMIT = 200;

export const reportNotAllowed = () =>
  new AppError(403, 'REPORT_NOT_ALLOWED', 'Ce rapport ne vous est pas accessible');

/** Reports: each computed as one document of sections, which the page and every file format draw. */
export class ReportsService extends Service<ReportsDeps> {
  /**
   * The parameters the actor may use for a report type: an expert's expert and pipeline reports are always their
   * own; an admin's expert report names its expert. Refuses what the actor may not read.
   */
  authorise(actor: Actor, type: ReportType, params: ReportParams): ReportParams {
    if (!allowedTypes[actor.role].includes(type)) throw reportNotAllowed();
    if (spanDays(params.from, params.to) > reportMaxDays) {
      throw new AppError(400, 'REPORT_PERIOD_TOO_LONG', `La période dépasse ${reportMaxDays} jours`, {
        maxDays: reportMaxDays,
      });
    }
    if (actor.role === 'expert') {
      if (params.expertId && params.expertId !== actor.id) throw reportNotAllowed();
      return { ...params, expertId: actor.id };
    }
    if (type === 'expert' && !params.expertId) {
      throw new AppError(400, 'REPORT_EXPERT_REQUIRED', 'Choisissez l’expert du rapport');
    }
    if (actor.role === 'client' && !actor.companyId) throw forbidden();
    return params;
  }

  async build(
    actor: Actor,
    type: ReportType,
    params: ReportParams,
    locale: 'fr' | 'en',
  ): Promise<ReportDocument> {
    const allowed = this.authorise(actor, type, params);
    return this.compose(type, allowed, locale, actor.companyId);
  }

  /** A report for parameters already authorised (a schedule's run checks its owner again first). */
  async compose(
    type: ReportType,
    params: ReportParams,
    locale: 'fr' | 'en',
    companyId: string | null,
  ): Promise<ReportDocument> {
    const products = await this.deps.products.listActive();
    const productNames = new Map(products.map((p) => [p.code, p.name]));
    const ctx = reportContext(locale, params, defaultGroupBy(params.from, params.to), productNames);
    const [subtitle, sections] = await Promise.all([
      this.subtitle(type, ctx, companyId),
      this.sections(type, ctx, companyId),
    ]);
    return {
      type,
      locale,
      title: ctx.texts.titles[type],
      subtitle,
      params,
      generatedAt: this.deps.clock.now().toISOString(),
      sections,
    };
  }

  /** The parameters in words: the period, then the scope (a product, a region, an expert, the client's company). */
  private async subtitle(type: ReportType, ctx: ReportContext, companyId: string | null): Promise<string[]> {
    const { db } = this.deps;
    const { params, texts, locale } = ctx;
    const lines = [texts.period(longDate(params.from, locale), longDate(params.to, locale))];
    if (params.productCode)
      lines.push(texts.product(ctx.productNames.get(params.productCode) ?? params.productCode));
    if (params.region) lines.push(texts.region(regionNames[params.region]));
    if (params.expertId) {
      const name = await reads.expertName(db, params.expertId);
      if (!name) throw new AppError(404, 'NOT_FOUND', 'Expert introuvable');
      lines.push(texts.expert(name));
    }
    if (type === 'client') {
      const company = companyId ? await reads.companyName(db, companyId) : undefined;
      if (company === undefined) throw reportNotAllowed();
      lines.push(texts.company(company));
    }
    const flowsReport = type === 'platform' || type === 'financial' || type === 'expert';
    if (flowsReport && !params.productCode && !params.region && !params.expertId) lines.push(texts.allScope);
    return lines;
  }

  private async sections(
    type: ReportType,
    ctx: ReportContext,
    companyId: string | null,
  ): Promise<ReportSection[]> {
    const { db, clock } = this.deps;
    const { params } = ctx;
    const scope: ReportScope = {
      productCode: params.productCode,
      region: params.region,
      expertId: params.expertId,
    };
    if (type === 'client') {
      if (!companyId) throw reportNotAllowed();
      const [dossiers, recoveredInPeriod, awaited] = await Promise.all([
        reads.clientDossiers(db, companyId),
        reads.clientRecovered(db, companyId, params.from, params.to),
        reads.awaitedFromClient(db, companyId, ctx.locale),
      ]);
      return clientSections(ctx, { dossiers, recoveredInPeriod, awaited });
    }
    if (type === 'pipeline') {
      const now = clock.now();
      const [inProgress, steps, stuck] = await Promise.all([
        reads.inProgress(db, scope),
        reads.openStepsByStep(db, scope, now),
        reads.stuck(db, scope, now, STUCK_LIMIT),
      ]);
      return pipelineSections(ctx, { inProgress, steps, stuck });
    }
    const previous = previousPeriod(params.from, params.to);
    const query = {
      previousFrom: previous.from,
      from: params.from,
      to: params.to,
      groupBy: ctx.groupBy,
      scope,
    };
    // The dashboard's aggregates hold every platform-wide flow; a report of a product, region or expert recounts.
    const flows = new ReportFlows(
      Object.values(scope).some(Boolean)
        ? await reportFlowsRepo.flowsWithoutJit(db, query)
        : await reportAggregatesRepo.flows(db, query),
    );
    if (type === 'platform') return platformSections(ctx, flows);
    if (type === 'financial') return financialSections(ctx, flows);
    const [inProgress, reviews, previousReviews] = await Promise.all([
      reads.inProgress(db, scope),
      reads.reviews(db, params.expertId!, params.from, params.to),
      reads.reviews(db, params.expertId!, previous.from, previous.to),
    ]);
    return expertSections(ctx, flows, { inProgress, reviews, previousReviews });
  }
}

/** `1 juin 2026`, `1 June 2026`. */
function longDate(iso: string, locale: 'fr' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));
}
