import { Suspense, useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import type { Message } from '../../../../common/messaging.ts';
import { useSocketEvent } from '../../lib/realtime.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { countVisit, mayOffer, readMemory, showsInterest } from './pushPrompt.ts';

const PushPrompt = lazyPart('notifications/PushPrompt', () =>
  import('./PushPrompt.tsx').then((m) => m.PushPrompt),
);

/** Where the push prompt appears once the signed-in user did something worth being told about (pushPrompt.ts). */
export function PushPromptSlot({ userId }: { userId: string }) {
  const { pathname } = useLocation();
  const [acted, setActed] = useState(false);
  const [visitStartedOn] = useState(pathname);

  useEffect(() => countVisit(localStorage, sessionStorage), []);
  useEffect(() => {
    if (showsInterest(pathname, visitStartedOn)) setActed(true);
  }, [pathname, visitStartedOn]);
  useSocketEvent(
    'message:new',
    useCallback(
      (message: Message) => {
        if (message.sender?.id === userId) setActed(true);
      },
      [userId],
    ),
  );

  if (!acted || !mayOffer(readMemory(localStorage))) return null;
  return (
    <Suspense fallback={null}>
      <PushPrompt />
    </Suspense>
  );
}
