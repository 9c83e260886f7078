import type { ReactNode } from 'react';
import { ErrorAlert, LoadingRows } from './Feedback.tsx';
import { LoadMore } from './LoadMore.tsx';

export type PagedQuery<Item> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  /** The rows shown are the previous search's while this one loads (`placeholderData: keepPreviousData`). */
  isPlaceholderData?: boolean;
  data?: { pages: { items: Item[] }[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
};

type Props<Item> = {
  /** An infinite query whose pages hold `items`. */
  query: PagedQuery<Item>;
  /** What stands in for the list when it has no item. */
  empty: ReactNode;
  /** The list's classes and accessible name, and the classes of its "load more" button. */
  className: string;
  label?: string;
  loadMoreClassName?: string;
  /** One item's `<li>`. */
  children: (item: Item) => ReactNode;
};

/**
 * The items of a paginated list as one `<ul>`, or what stands in for them while they load, on error or when there
 * are none; then "load more" while another page follows. A list searched anew keeps its rows, dimmed and busy,
 * until the new ones come: an open row (its dialog) is not taken away while the user types.
 */
export function PagedList<Item>({
  query,
  empty,
  className,
  label,
  loadMoreClassName,
  children,
}: Props<Item>) {
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {query.isPending ? (
        <LoadingRows />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : items.length === 0 ? (
        empty
      ) : (
        <ul
          className={query.isPlaceholderData ? `${className} opacity-60 transition-opacity` : className}
          aria-label={label}
          aria-busy={query.isPlaceholderData || undefined}
        >
          {items.map((item) => children(item))}
        </ul>
      )}
      <LoadMore query={query} className={loadMoreClassName} />
    </>
  );
}
