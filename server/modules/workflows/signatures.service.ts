import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { DocumentSummary } from '../../../common/documents.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { signStepInput, stepSignature, WorkflowStep } from '../../../common/workflows.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { type SignableStep, signaturesRepo } from './signatures.repo.ts';
import type { WorkflowTemplatesService } from './workflow-templates.service.ts';

export type SignaturesDeps = Pick<Platform, 'db' | 'clock' | 'storage'> & {
  dossiers: DossiersService;
  documents: Documents;
  templates: WorkflowTemplatesService;
};

type SignInput = z.infer<typeof signStepInput>;
type StepSignature = z.infer<typeof stepSignature>;
/** Where the signature came from, recorded with it. */
export type Signer = { ip: string | null; userAgent: string | null };

/** A certificate is a page of text: anything far larger is a bug, not a certificate. */
const CERTIFICATE_MAX_BYTES = 1024 * 1024;

const alreadySigned = () => conflict('STEP_ALREADY_SIGNED', 'Cette étape est déjà signée');
const notSignable = (message: string) => conflict('STEP_NOT_SIGNABLE', message);

const certificateUrl = (dossierId: string, stepId: string) =>
  `/api/dossiers/${dossierId}/workflow/steps/${stepId}/signature/certificate`;

/**
 * The client's signature of a step's document (the expert's engagement letter): the name typed, the time, the
 * address and the exact version signed with its SHA-256, and a PDF certificate in the blob store. Signing does not
 * complete the step: the client completes it afterwards, its guard finding the signature.
 */
export class SignaturesService extends Service<SignaturesDeps> {
  async sign(
    actor: Actor,
    dossierId: string,
    stepId: string,
    input: SignInput,
    from: Signer,
  ): Promise<StepSignature> {
    const dossier = await this.deps.dossiers.find(actor, dossierId);
    if (actor.role !== 'client') throw forbidden('Seul un client de l’entreprise du dossier signe');
    const { setting, templateStep } = await this.signable(
      await signaturesRepo.step(this.deps.db, dossierId, stepId),
    );
    const document = await this.currentDocument(actor, dossierId, setting.documentCategory);
    const version = document.currentVersion;
    const at = this.deps.clock.now();
    const id = uuidv7(at.getTime());
    // pdfkit loads with the first certificate (7 MB of heap that most instances never use).
    const { signatureCertificate } = await import('./signature-certificate.ts');
    const certificate = await signatureCertificate({
      signatureId: id,
      dossierReference: dossier.reference,
      companyName: dossier.company.name,
      signerName: input.signerName,
      signerAccountId: actor.id,
      signedAt: at,
      ip: from.ip,
      userAgent: from.userAgent,
      document: { filename: version.filename, version: version.version, sha256: version.sha256 },
      stepName: templateStep.name.fr,
    });
    const blob = await this.deps.storage.put(Readable.from([certificate]), {
      maxBytes: CERTIFICATE_MAX_BYTES,
      prefix: 'signatures',
    });
    const row = {
      id,
      stepId,
      dossierId,
      signerId: actor.id,
      signerName: input.signerName,
      documentVersionId: version.id,
      documentSha256: version.sha256,
      ip: from.ip,
      userAgent: from.userAgent?.slice(0, 500) ?? null,
      signedAt: at,
      certificateKey: blob.key,
    };
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        // The dossier, then the step: the order the engine's completion takes them in.
        await this.deps.dossiers.lockWithin(trx, actor, dossierId);
        await this.signable(await signaturesRepo.lockStep(trx, dossierId, stepId), trx);
        await signaturesRepo.insert(trx, row);
        await recordAudit(trx, {
          actorId: actor.id,
          action: 'workflow.step_signed',
          entityType: 'dossier_step',
          entityId: stepId,
          after: {
            signatureId: id,
            signerName: row.signerName,
            documentVersionId: version.id,
            documentSha256: version.sha256,
            ip: row.ip,
          },
          at,
        });
      });
    } catch (error) {
      // Nothing refers to the certificate: remove it now.
      await this.deps.storage.delete(blob.key).catch(() => {});
      throw error;
    }
    return {
      id,
      stepId,
      signerName: row.signerName,
      signedAt: at.toISOString(),
      documentSha256: row.documentSha256,
      ip: row.ip,
      certificateUrl: certificateUrl(dossierId, stepId),
    };
  }

  /** The certificate's bytes, for the dossier's readers. */
  async certificate(actor: Actor, dossierId: string, stepId: string) {
    const dossier = await this.deps.dossiers.find(actor, dossierId);
    const signature = await signaturesRepo.find(this.deps.db, dossierId, stepId);
    if (!signature) throw notFound('Signature');
    const { stream, size } = await this.deps.storage.get(signature.certificateKey);
    return { stream, size, filename: `certificat-signature-${dossier.reference}.pdf` };
  }

  /** The open step with a signature setting, not signed yet. */
  private async signable(step: SignableStep | undefined, trx?: Executor) {
    if (!step) throw notFound('Étape');
    if (step.state !== 'active') {
      throw new AppError(409, 'STEP_NOT_ACTIVE', 'Cette étape n’est pas en cours', { state: step.state });
    }
    const templateStep = (await this.deps.templates.byId(step.templateId, trx)).steps.find(
      (s: WorkflowStep) => s.key === step.stepKey,
    );
    if (!templateStep?.signature) throw notSignable('Cette étape ne demande pas de signature');
    if (step.signatureId) throw alreadySigned();
    return { setting: templateStep.signature, templateStep };
  }

  /** The document to sign: the current version of the category's latest document. */
  private async currentDocument(actor: Actor, dossierId: string, category: string): Promise<DocumentSummary> {
    const { documents } = await this.deps.documents.documents.ofDossier(actor, dossierId);
    const latest = documents
      .filter((d) => d.category === category)
      .sort((a, b) => b.currentVersion.createdAt.localeCompare(a.currentVersion.createdAt))[0];
    if (!latest) throw notSignable('Le document à signer n’a pas encore été déposé');
    return latest;
  }
}
