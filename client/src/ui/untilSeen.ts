/** The attribute by which a part taken over once seen finds its server HTML (`HydrateLater`'s `whenSeen`). */
export const SEEN_ANCHOR = 'data-seen';

/** The element of the page rendered ahead whose `data-seen` is `anchor`, if any. */
export function drawnAs(anchor: string): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>(`[${SEEN_ANCHOR}]`))
    if (element.getAttribute(SEEN_ANCHOR) === anchor) return element;
  return null;
}

/** The visitor reaching into a part: it is taken over at once, before the next event comes. */
const reaching = ['pointerover', 'pointerdown', 'focusin'] as const;
/** What the visitor did to a part before it was taken over, held and given again once it is, so that none is lost. */
const holding = ['click', 'input', 'change', 'submit'] as const;

export type Seen = {
  /** Resolves when the part may be taken over. */
  until: Promise<void>;
  /** Gives the held events again, to the same elements: call once the part is taken over. */
  giveBack: () => void;
};

/**
 * Waits for a part's server HTML to come into the viewport (then in a task of its own), or for the visitor to reach
 * into it first (then at once: the pointer over it, a tap, the keyboard's focus).
 */
export function untilSeen(element: HTMLElement): Seen {
  const held: Event[] = [];
  let reached: () => void = () => {};
  const until = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    setTimeout(reached, 0);
  });
  const hold = (event: Event) => {
    event.preventDefault();
    event.stopImmediatePropagation();
    held.push(event);
    reached();
  };
  observer.observe(element);
  // Its buttons said they were unavailable until the app took the page over (ui/Button.tsx): what they are given
  // now is held and given back, so they are available.
  for (const button of element.querySelectorAll('button[aria-disabled="true"]'))
    button.removeAttribute('aria-disabled');
  for (const type of reaching) element.addEventListener(type, reached, true);
  for (const type of holding) element.addEventListener(type, hold, true);
  return {
    until,
    giveBack() {
      observer.disconnect();
      for (const type of reaching) element.removeEventListener(type, reached, true);
      for (const type of holding) element.removeEventListener(type, hold, true);
      for (const event of held.splice(0)) {
        const Kind = event.constructor as typeof Event;
        event.target?.dispatchEvent(new Kind(event.type, event));
      }
    },
  };
}
