import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Answers, Question, Simulation } from '../../../../common/products.ts';
import { formatCents } from '../../lib/format.ts';
import { useSession } from '../../lib/session.tsx';
import { keepSimulation, openSimulationDossiers } from '../../shared/pendingSimulation.ts';
import { useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, EmptyState, ErrorAlert, LoadingRows, Notice } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { HydrateLater } from '../../ui/HydrateLater.tsx';
import { runSimulation } from './simulator.api.ts';

type Draft = Record<string, string>;

/** Every product's questions, each asked once, in catalogue order. */
function uniqueQuestions(products: { questions: Question[] }[]): Question[] {
  const seen = new Map<string, Question>();
  for (const p of products) for (const q of p.questions) if (!seen.has(q.id)) seen.set(q.id, q);
  return [...seen.values()];
}

function toAnswers(questions: Question[], draft: Draft): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    const raw = draft[q.id]?.trim();
    if (!raw) continue;
    if (q.type === 'number') {
      const n = Number(raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
      if (Number.isFinite(n)) answers[q.id] = n;
    } else if (q.type === 'boolean') answers[q.id] = raw === 'true';
    else answers[q.id] = raw;
  }
  return answers;
}

/**
 * A question of the simulator. Its answer is read from the form when it is sent, not kept as it is typed: the
 * landing page arrives rendered by the server, and what a visitor types before the app has taken it over counts.
 */
function QuestionField({ question }: { question: Question }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const label = question.unit ? `${question.label[lang]} (${question.unit})` : question.label[lang];
  if (question.type === 'number') {
    return <TextField label={label} name={question.id} inputMode="decimal" hint={question.help?.[lang]} />;
  }
  const options =
    question.type === 'boolean'
      ? [
          { value: 'true', label: t('common.yes') },
          { value: 'false', label: t('common.no') },
        ]
      : (question.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }));
  return <SelectField label={label} name={question.id} placeholder={t('auth.choose')} options={options} />;
}

function Results({ simulation }: { simulation: Simulation }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [selected, setSelected] = useState(() => simulation.results.map((r) => r.productCode));
  const open = useMutation({
    mutationFn: () => openSimulationDossiers({ simulationId: simulation.id, productCodes: selected }),
    onSuccess: () => navigate('/espace'),
  });

  if (simulation.results.length === 0) return <EmptyState title={t('simulator.none')} />;

  const continueAsVisitor = (path: string) => {
    keepSimulation({ simulationId: simulation.id, productCodes: selected });
    navigate(path);
  };

  return (
    <section aria-labelledby="results-title" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="results-title" className="text-xl font-semibold">
          {t('simulator.resultsTitle')}
        </h2>
        <p className="text-lg">
          {t('simulator.total')} :{' '}
          <strong className="text-emerald-700">{formatCents(simulation.totalEstimatedCents)}</strong>
        </p>
      </div>
      <ul className="grid gap-3 md:grid-cols-2">
        {simulation.results.map((r) => {
          const checked = selected.includes(r.productCode);
          return (
            <li key={r.productCode}>
              <label className="flex h-full cursor-pointer gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm has-[:checked]:border-blue-600 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600">
                <input
                  type="checkbox"
                  className="mt-1 size-4 accent-blue-700"
                  checked={checked}
                  aria-label={t('simulator.select', { name: r.productName })}
                  onChange={() =>
                    setSelected(
                      checked ? selected.filter((c) => c !== r.productCode) : [...selected, r.productCode],
                    )
                  }
                />
                <span className="flex-1 space-y-1">
                  <span className="block font-medium">{r.productName}</span>
                  <span className="block text-sm text-slate-600">
                    {t('simulator.estimated')} :{' '}
                    <strong className="text-emerald-700">{formatCents(r.estimatedCents)}</strong>
                  </span>
                  <span className="block text-sm text-slate-600">{r.reasons.join(' ')}</span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {open.isError && <ErrorAlert error={open.error} />}
      <div className="flex flex-wrap gap-3">
        {user?.role === 'client' ? (
          <Button disabled={selected.length === 0} busy={open.isPending} onClick={() => open.mutate()}>
            {t('simulator.openDossiers')}
          </Button>
        ) : user ? (
          <Notice>{t('simulator.notClient')}</Notice>
        ) : (
          <>
            <Button disabled={selected.length === 0} onClick={() => continueAsVisitor('/inscription')}>
              {t('simulator.registerToOpen')}
            </Button>
            <Button
              variant="secondary"
              disabled={selected.length === 0}
              onClick={() => continueAsVisitor('/connexion')}
            >
              {t('simulator.loginToOpen')}
            </Button>
          </>
        )}
      </div>
    </section>
  );
}

export function SimulatorPage() {
  const { t, i18n } = useTranslation();
  const products = useProducts();
  const questions = useMemo(() => uniqueQuestions(products.data ?? []), [products.data]);
  const simulate = useMutation({
    mutationFn: (answers: Answers) => runSimulation(answers, i18n.language),
  });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const draft: Draft = {};
    for (const [name, value] of new FormData(e.currentTarget)) draft[name] = String(value);
    simulate.mutate(toAnswers(questions, draft));
  };

  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="max-w-3xl text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">
          {t('simulator.title')}
        </h1>
        <p className="max-w-3xl text-slate-600">{t('simulator.lead')}</p>
        <ol
          className="grid gap-2 text-sm text-slate-700 sm:grid-cols-3"
          aria-label={t('simulator.steps.title')}
        >
          {(['simulate', 'expert', 'recover'] as const).map((step, i) => (
            <li key={step} className="flex items-center gap-2 rounded-lg bg-white px-3 py-2 shadow-sm">
              <span className="grid size-6 place-items-center rounded-full bg-blue-700 text-xs font-bold text-white">
                {i + 1}
              </span>
              {t(`simulator.steps.${step}`)}
            </li>
          ))}
        </ol>
      </section>
      <HydrateLater>
        <Card>
          <h2 className="mb-4 text-xl font-semibold">{t('simulator.formTitle')}</h2>
          {products.isPending ? (
            <LoadingRows rows={3} />
          ) : products.isError ? (
            <ErrorAlert error={products.error} />
          ) : (
            <form onSubmit={onSubmit} noValidate className="space-y-4">
              <div className="grid gap-4 sm:grid-cols-2">
                {questions.map((q) => (
                  <QuestionField key={q.id} question={q} />
                ))}
              </div>
              {simulate.isError && <ErrorAlert error={simulate.error} />}
              <Button type="submit" busy={simulate.isPending}>
                {t('simulator.submit')}
              </Button>
            </form>
          )}
        </Card>
      </HydrateLater>
      {simulate.data && <Results key={simulate.data.id} simulation={simulate.data} />}
    </div>
  );
}
