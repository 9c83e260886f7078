import { type ComponentType, createContext, type ReactNode, useContext } from 'react';

type Part = { Component: ComponentType<never>; preload: () => Promise<void> };

/** Every part declared so far, by name: a name declared twice (the same embed in several pages) is one part. */
const parts = new Map<string, Part>();

/** Collects the names of the parts a rendering drew (prerender.tsx), for the browser to load before taking over. */
const RenderedParts = createContext<Set<string> | null>(null);

export function RecordParts({ into, children }: { into: Set<string>; children: ReactNode }) {
  return <RenderedParts value={into}>{children}</RenderedParts>;
}

/**
 * A part of a page whose code loads when it first renders (React's `lazy`, suspending meanwhile), named so that a
 * page rendered ahead can say which parts it drew: the browser loads them before taking the page over
 * (`preloadParts`), since a part still loading then would have its fallback drawn into the page, out of place.
 */
export function lazyPart<P extends object>(
  name: string,
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  const known = parts.get(name);
  if (known) return known.Component as ComponentType<P>;
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  let failure: unknown = null;
  const preload = () => {
    loading ??= load().then(
      (Component) => {
        loaded = Component;
      },
      (error: unknown) => {
        failure = error;
      },
    );
    return loading;
  };
  // biome-ignore lint/correctness/noComponentHookFactories: made once per name at module level, as React's own lazy makes its component
  function LazyPart(props: P) {
    useContext(RenderedParts)?.add(name);
    if (failure) throw failure;
    if (!loaded) throw preload();
    const Loaded = loaded;
    return <Loaded {...props} />;
  }
  parts.set(name, { Component: LazyPart as ComponentType<never>, preload });
  return LazyPart;
}

/**
 * Loads the parts a page rendered ahead drew. A part declared inside another one's code is known once that code
 * has loaded: the parts are loaded in rounds.
 */
export async function preloadParts(names: readonly string[]): Promise<void> {
  let left = [...names];
  while (left.length > 0) {
    const known = left.filter((name) => parts.has(name));
    if (known.length === 0) return;
    await Promise.all(known.map((name) => parts.get(name)!.preload()));
    left = left.filter((name) => !known.includes(name));
  }
}
