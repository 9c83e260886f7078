import { type ReactNode, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { assignableStatuses } from '../../../../common/dossier-lifecycle.ts';
import type { DossierDetail } from '../../../../common/dossiers.ts';
import { type Region, regionNames } from '../../../../common/reference.ts';
import { formatCents, formatDate, formatDateTime } from '../../lib/format.ts';
import { useUser } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, LoadingRows, Notice, ProgressBar } from '../../ui/Feedback.tsx';
import { HydrateWhenSeen } from '../../ui/HydrateLater.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { AssignExpertDialog } from '../admin/admin.embeds.ts';
import { RecommendedExperts, ReviewForm } from '../experts/experts.embeds.ts';
import { useDossier, useTransition } from './dossiers.api.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { type TransitionChoice, TransitionDialog, transitionLabelKey } from './TransitionDialog.tsx';

// The conversation (thread, composer, attachments) loads beside the dossier rather than before it.
const DossierMessages = lazyPart('messaging/DossierMessages', () =>
  import('../messaging/messaging.embeds.ts').then((m) => m.DossierMessages),
);
// So does the workflow's step tracker.
const StepTracker = lazyPart('workflows/StepTracker', () =>
  import('../workflows/workflows.embeds.ts').then((m) => m.StepTracker),
);
// So do the documents (checklist, uploads, versions, requests).
const DossierDocuments = lazyPart('documents/DossierDocuments', () =>
  import('../documents/documents.embeds.ts').then((m) => m.DossierDocuments),
);

function Amounts({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const rows = [
    ['dossiers.estimated', dossier.estimatedCents],
    ['dossiers.audited', dossier.auditedCents],
    ['dossiers.granted', dossier.grantedCents],
    ['dossiers.obtained', dossier.obtainedCents],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {rows.map(([label, cents]) => (
        <div key={label} className="rounded-lg bg-slate-50 p-3">
          <dt className="text-xs text-slate-500">{t(label)}</dt>
          <dd className="font-semibold">{formatCents(cents)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Timeline({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5">
      {[...dossier.timeline].reverse().map((e) => (
        <li key={e.id} className="relative">
          <span
            aria-hidden
            className="absolute -left-[27px] top-1.5 size-3 rounded-full border-2 border-white bg-blue-600"
          />
          <p className="text-sm font-medium">
            {e.toStatus ? t(`status.${e.toStatus}`) : t(`dossiers.event.${e.type}`, { defaultValue: e.type })}
          </p>
          <p className="text-xs text-slate-500">
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
            {e.actor && ` · ${t('dossiers.by', { name: e.actor.name })}`}
          </p>
          {e.note && <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}

function Actions({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const direct = useTransition(dossier.id);
  const [choice, setChoice] = useState<TransitionChoice | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // Choosing an expert happens through assignment (admin) or the marketplace, not a bare status change.
  const choices = dossier.allowedTransitions.filter((c) => c.requires !== 'expert');
  const canAssign = user.role === 'admin' && assignableStatuses.includes(dossier.status);

  return (
    <div className="space-y-3">
      {done && <Notice tone="success">{done}</Notice>}
      <ErrorAlert error={direct.error} />
      {choices.length === 0 && !canAssign ? (
        <p className="text-sm text-slate-600">{t('dossiers.noActions')}</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {choices.map((c) => (
            <Button
              key={c.to}
              variant={
                c.to === 'cancelled' || c.to === 'not_eligible' || c.to === 'refused' ? 'danger' : 'primary'
              }
              busy={direct.isPending && direct.variables?.to === c.to}
              onClick={() => {
                setDone(null);
                if (c.requires) return setChoice(c);
                direct.mutate(
                  { to: c.to },
                  { onSuccess: (d) => setDone(t('dossiers.changed', { status: t(`status.${d.status}`) })) },
                );
              }}
            >
              {t(transitionLabelKey(dossier.status, c.to))}
            </Button>
          ))}
          {canAssign && (
            <Button variant="secondary" onClick={() => setAssigning(true)}>
              {dossier.expert ? t('admin.reassign') : t('admin.assign')}
            </Button>
          )}
        </div>
      )}
      <TransitionDialog
        dossier={dossier}
        choice={choice}
        onClose={() => setChoice(null)}
        onDone={(d) => setDone(t('dossiers.changed', { status: t(`status.${d.status}`) }))}
      />
      {canAssign && (
        <AssignExpertDialog
          dossier={assigning ? dossier : null}
          onClose={() => setAssigning(false)}
          onAssigned={setDone}
        />
      )}
    </div>
  );
}

/** A part loaded on demand, taken over once seen; a card of its height while its code loads. */
function PartWhenSeen({
  name,
  loadingClassName,
  children,
}: {
  name: string;
  loadingClassName: string;
  children: ReactNode;
}) {
  return (
    <HydrateWhenSeen name={name}>
      <Suspense
        fallback={
          <Card className={loadingClassName}>
            <LoadingRows rows={2} />
          </Card>
        }
      >
        {children}
      </Suspense>
    </HydrateWhenSeen>
  );
}

export function DossierPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useDossier(id);
  const user = useUser();
  if (query.isPending) return <LoadingRows />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const d = query.data;
  const isClient = user.role === 'client';
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <p className="text-sm text-slate-500">
          {d.reference} · {t('dossiers.created', { date: formatDate(d.createdAt) })}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{d.product.name}</h1>
          <StatusBadge status={d.status} />
        </div>
        <div className="flex items-center gap-3">
          <ProgressBar value={d.progress} label={t('dossiers.progress')} />
          <span className="whitespace-nowrap text-sm font-medium text-slate-700">{d.progress} %</span>
        </div>
      </div>
      {/* Wide: the main column beside the expert, the company and the steps. Phone: the expert and the company first,
          the steps last, since their height is known only once they arrive and nothing below them moves then. In
          the order they show on a phone, so that a page painted while its HTML still arrives never moves either. */}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] lg:grid-rows-[auto_1fr]">
        <div className="space-y-6 lg:col-start-2 lg:row-start-1">
          <Card>
            <h2 className="mb-2 text-lg font-semibold">{t('dossiers.expert')}</h2>
            <p data-testid="dossier-expert">
              {d.expert ? `${d.expert.firstName} ${d.expert.lastName}` : t('dossiers.noExpert')}
            </p>
          </Card>
          <Card>
            <h2 className="mb-2 text-lg font-semibold">{t('dossiers.company')}</h2>
            <p>{d.company.name}</p>
            <p className="text-sm text-slate-500">
              {regionNames[d.company.region as Region] ?? d.company.region}
            </p>
          </Card>
        </div>
        <div className="space-y-6 lg:row-span-2">
          <Card>
            <h2 className="mb-3 text-lg font-semibold">{t('dossiers.actions')}</h2>
            <Actions dossier={d} />
          </Card>
          {isClient && d.status === 'eligible' && <RecommendedExperts dossier={d} />}
          {isClient && d.status === 'expert_pending' && d.expert && (
            <Notice>
              {t('marketplace.requestPending', { name: `${d.expert.firstName} ${d.expert.lastName}` })}
            </Notice>
          )}
          {isClient && <ReviewForm dossier={d} />}
          <PartWhenSeen name="dossier-messages" loadingClassName="h-[28rem]">
            <DossierMessages dossierId={d.id} />
          </PartWhenSeen>
          <HydrateWhenSeen name="dossier-amounts">
            <Card>
              <h2 className="mb-3 text-lg font-semibold">{t('dossiers.amounts')}</h2>
              <Amounts dossier={d} />
              {d.administrationReference && (
                <p className="mt-3 text-sm text-slate-600">
                  {t('dossiers.administrationReference')} : {d.administrationReference}
                </p>
              )}
            </Card>
          </HydrateWhenSeen>
          <HydrateWhenSeen name="dossier-timeline">
            <Card>
              <h2 className="mb-4 text-lg font-semibold">{t('dossiers.timeline')}</h2>
              <Timeline dossier={d} />
            </Card>
          </HydrateWhenSeen>
          {/* Last of the column: its height is known only once loaded, and nothing below it moves then. */}
          <PartWhenSeen name="dossier-documents" loadingClassName="h-64">
            <DossierDocuments dossierId={d.id} />
          </PartWhenSeen>
        </div>
        <div className="lg:col-start-2 lg:row-start-2">
          <PartWhenSeen name="dossier-steps" loadingClassName="h-64">
            <StepTracker dossierId={d.id} />
          </PartWhenSeen>
        </div>
      </div>
    </div>
  );
}
