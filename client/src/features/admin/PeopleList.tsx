import type { ReactNode } from 'react';
import { EmptyState, ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { PagedList, type PagedQuery } from '../../ui/PagedList.tsx';

type ListProps<Item> = {
  query: PagedQuery<Item>;
  emptyTitle: string;
  /** Above the list, the outcome of the last action on a row: what it did, or why it failed. */
  done: string | null;
  actionError: unknown;
  /** One `<PersonRow>` per item. */
  children: (item: Item) => ReactNode;
};

/** A paginated list of people on an admin page (users, join requests), one `PersonRow` each. */
export function PeopleList<Item>({ query, emptyTitle, done, actionError, children }: ListProps<Item>) {
  return (
    <>
      <div className="mb-4 space-y-2">
        {done && <Notice tone="success">{done}</Notice>}
        <ErrorAlert error={actionError} />
      </div>
      <PagedList
        query={query}
        empty={<EmptyState title={emptyTitle} />}
        className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm"
        loadMoreClassName="mt-4"
      >
        {children}
      </PagedList>
    </>
  );
}

type RowProps = {
  testId: string;
  name: ReactNode;
  email: string;
  /** The lines under the email. */
  details: ReactNode;
  /** What follows the person on the row: their status, the buttons acting on them. */
  children?: ReactNode;
};

/** One person of a `PeopleList`: name, email and details, then `children`. */
export function PersonRow({ testId, name, email, details, children }: RowProps) {
  return (
    <li data-testid={testId} className="flex flex-wrap items-center gap-3 p-4">
      <div className="min-w-0 flex-1">
        <p className="font-medium">{name}</p>
        <p className="truncate text-sm text-slate-600">{email}</p>
        {details}
      </div>
      {children}
    </li>
  );
}
