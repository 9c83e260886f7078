import '../../i18n/notification-pages.ts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { rememberAnswer } from './pushPrompt.ts';
import { usePushState, useSwitchPush } from './usePush.ts';

/** A polite offer of browser notifications: only while the browser has never been asked, answered once. */
export function PushPrompt() {
  const { t } = useTranslation();
  const state = usePushState();
  const change = useSwitchPush();
  const [declined, setDeclined] = useState(false);
  const titleId = useId();
  // Once enabled (or blocked) in the browser's own dialog the state moves on, and the prompt goes.
  if (declined || (state.data !== 'prompt' && !change.isError)) return null;

  const answer = (enable: boolean) => {
    rememberAnswer(localStorage);
    if (enable) change.mutate(true);
    else setDeclined(true);
  };
  return (
    <section
      aria-labelledby={titleId}
      data-testid="push-prompt"
      className="fixed inset-x-2 bottom-[calc(4rem+env(safe-area-inset-bottom))] z-30 rounded-xl border border-slate-200 bg-white p-4 shadow-xl sm:left-auto sm:right-4 sm:w-96 md:bottom-4"
    >
      <h2 id={titleId} className="font-semibold">
        {t('pushPrompt.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('pushPrompt.text')}</p>
      <div className="mt-2">
        <ErrorAlert error={change.error} />
      </div>
      <div className="mt-3 flex flex-wrap justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={() => answer(false)}>
          {t('pushPrompt.later')}
        </Button>
        <Button size="sm" busy={change.isPending} onClick={() => answer(true)}>
          {t('pushPrompt.enable')}
        </Button>
      </div>
    </section>
  );
}
