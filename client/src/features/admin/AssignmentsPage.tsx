import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PendingExpertRequest, UnassignedDossier } from '../../../../common/admin-assignments.ts';
import '../../i18n/assignment-pages.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { Card, EmptyState, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { AssignExpertDialog, type AssignTarget } from './AssignExpertDialog.tsx';
import { AssignmentExpertLoads } from './AssignmentExpertLoads.tsx';
import { assignmentKeys, usePendingRequests, useUnassignedDossiers } from './assignments.api.ts';

/** "3 j 4 h", "5 h", "12 min": how long something has waited. */
function useAge() {
  const { t } = useTranslation();
  return (minutes: number) => {
    if (minutes < 60) return t('assignments.duration.minutes', { count: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 24) return t('assignments.duration.hours', { count: hours });
    return t('assignments.duration.days', { count: Math.floor(hours / 24), hours: hours % 24 });
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id}>
      <Card>
        <h2 id={id} className="mb-3 text-lg font-semibold">
          {title}
        </h2>
        {children}
      </Card>
    </section>
  );
}

const dossierLink = (id: string, reference: string) => (
  <Link to={`/dossiers/${id}`} className={`font-medium text-blue-800 hover:underline ${focusRing}`}>
    {reference}
  </Link>
);

/** Who waits for an expert, which requests await an answer, how loaded the experts are; assign or reassign. */
export function AssignmentsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const age = useAge();
  const unassigned = useUnassignedDossiers();
  const requests = usePendingRequests();
  const [assigning, setAssigning] = useState<AssignTarget | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const assigned = (message: string) => {
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: assignmentKeys.all });
  };

  return (
    <>
      <PageHeader title={t('assignments.title')} />
      <p className="mb-4 text-sm text-slate-600">{t('assignments.lead')}</p>
      {done && (
        <div className="mb-4">
          <Notice tone="success">{done}</Notice>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title={t('assignments.sections.unassigned')}>
          <PagedList
            query={unassigned}
            empty={<EmptyState title={t('assignments.noUnassigned')} />}
            className="space-y-2"
            label={t('assignments.sections.unassigned')}
          >
            {(d: UnassignedDossier) => (
              <li
                key={d.id}
                data-testid="unassigned-dossier"
                className="rounded-lg border border-slate-200 p-3"
              >
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0 text-sm">
                    {dossierLink(d.id, d.reference)} · {d.product.name}
                    <p className="text-slate-600">{d.company.name}</p>
                    <p
                      className="text-slate-500"
                      title={t('assignments.eligibleSince', { date: formatDateTime(d.eligibleSince) })}
                    >
                      {t('assignments.waiting', { age: age(d.ageMinutes) })}
                    </p>
                  </div>
                  <Button size="sm" variant="secondary" onClick={() => setAssigning({ ...d, expert: null })}>
                    {t('admin.assign')}
                  </Button>
                </div>
              </li>
            )}
          </PagedList>
        </Section>
        <Section title={t('assignments.sections.requests')}>
          <PagedList
            query={requests}
            empty={<EmptyState title={t('assignments.noRequests')} />}
            className="space-y-2"
            label={t('assignments.sections.requests')}
          >
            {(r: PendingExpertRequest) => (
              <li
                key={r.id}
                data-testid="pending-request"
                className={`rounded-lg border p-3 ${r.late ? 'border-red-300 bg-red-50' : 'border-slate-200'}`}
              >
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0 text-sm">
                    {dossierLink(r.dossier.id, r.dossier.reference)} · {r.dossier.product.name}
                    <p className="text-slate-600">
                      {r.company.name} ·{' '}
                      {t('assignments.requestedOf', { name: `${r.expert.firstName} ${r.expert.lastName}` })}
                    </p>
                    <p className={r.late ? 'font-semibold text-red-800' : 'text-slate-500'}>
                      {r.late && `${t('assignments.late')} · `}
                      {t('assignments.deadline', { date: formatDateTime(r.deadline) })} ·{' '}
                      {t('assignments.waiting', { age: age(r.ageMinutes) })}
                    </p>
                  </div>
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() =>
                      setAssigning({
                        id: r.dossier.id,
                        reference: r.dossier.reference,
                        product: r.dossier.product,
                        expert: r.expert,
                      })
                    }
                  >
                    {t('admin.reassign')}
                  </Button>
                </div>
              </li>
            )}
          </PagedList>
        </Section>
      </div>
      <div className="mt-6">
        <Section title={t('assignments.sections.experts')}>
          <AssignmentExpertLoads />
        </Section>
      </div>
      <AssignExpertDialog dossier={assigning} onClose={() => setAssigning(null)} onAssigned={assigned} />
    </>
  );
}
