import { type ReactNode, Suspense, useLayoutEffect, useState } from 'react';
import { drawnAs, SEEN_ANCHOR, type Seen, untilSeen } from './untilSeen.ts';

/** True during the app's first render over a page rendered ahead (main.tsx). */
let firstRender = false;
/** Parts whose slice has not yet come and gone: a part taken over in its slice holds parts taken over later still. */
let slicesWaiting = 0;

/** Runs the app's first render over a page rendered ahead, `HydrateLater` parts left for later tasks. */
export function takeOver(hydrate: () => void) {
  firstRender = true;
  try {
    hydrate();
  } finally {
    firstRender = false;
  }
}

/** Whether the app is taking a page rendered ahead over: its first render, or a part whose slice is still to come. */
export function takingOver(): boolean {
  return firstRender || slicesWaiting > 0;
}

let lastSlice: Promise<void> = Promise.resolve();

/** The next of a chain of tasks, one per part, so that each part is taken over in a task of its own. */
function nextSlice(): Promise<void> {
  slicesWaiting++;
  lastSlice = lastSlice.then(() => new Promise((resolve) => setTimeout(resolve, 0)));
  // The part renders in a microtask of its slice's task: the parts it holds must still see a take-over then.
  void lastSlice.then(() => setTimeout(() => slicesWaiting--, 0));
  return lastSlice;
}

type Waiting = { until: Promise<void>; done: boolean; seen?: Seen };

/** Once a part waiting to be seen is taken over: what the visitor did to it meanwhile is given to it. */
function GiveBack({ seen }: { seen: Seen }) {
  useLayoutEffect(() => seen.giveBack(), [seen]);
  return null;
}

function Gate({ waiting, children }: { waiting: Waiting | null; children: ReactNode }) {
  if (waiting && !waiting.done) throw waiting.until;
  return (
    <>
      {children}
      {waiting?.seen && <GiveBack seen={waiting.seen} />}
    </>
  );
}

/**
 * A part of a page rendered ahead (a card of a long list) that the app takes over in a task of its own after the
 * rest of the page, instead of in one long task that would keep the phone from answering a tap. Its HTML stays as
 * the server rendered it meanwhile. `children` must render one element. A part may hold parts of its own (the page,
 * its cards): they come in later tasks still. Outside a take-over, renders at once.
 *
 * With `whenSeen`, the value of the `data-seen` attribute of the element it renders (unique in the page), the part
 * is taken over only once it comes into the viewport or the visitor reaches into it (`untilSeen`): a part further
 * down a phone's screen costs nothing while the page starts.
 */
export function HydrateLater({ children, whenSeen }: { children: ReactNode; whenSeen?: string }) {
  const [waiting] = useState<Waiting | null>(() => {
    if (!firstRender && slicesWaiting === 0) return null;
    const drawn = whenSeen === undefined ? null : drawnAs(whenSeen);
    const seen = drawn ? untilSeen(drawn) : undefined;
    const slice: Waiting = { until: seen ? seen.until : nextSlice(), done: false, seen };
    slice.until = slice.until.then(() => {
      slice.done = true;
    });
    return slice;
  });
  return (
    <Suspense fallback={null}>
      <Gate waiting={waiting}>{children}</Gate>
    </Suspense>
  );
}

/** `children` in a block of their own, taken over once seen (`HydrateLater`'s `whenSeen`, `name` unique in the page). */
export function HydrateWhenSeen({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div {...{ [SEEN_ANCHOR]: name }}>
      <HydrateLater whenSeen={name}>{children}</HydrateLater>
    </div>
  );
}
