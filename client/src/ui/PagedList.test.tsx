// @vitest-environment happy-dom
import { keepPreviousData, QueryClient, QueryClientProvider, useInfiniteQuery } from '@tanstack/react-query';
import { act } from 'preact/test-utils';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PagedList } from './PagedList.tsx';

type Person = { id: string; name: string };

/** Answers of the searches, given by the test when it chooses. */
const answers = new Map<string, (items: Person[]) => void>();
/** Answers the search `q` with `items`, and waits until the list shows them. */
const answer = async (q: string, items: Person[]) => {
  await act(() => answers.get(q)!(items));
  await vi.waitFor(() => {
    expect(names()).toEqual(items.map((p) => p.name));
  });
};

/** A row that can be opened, as a row whose dialog the user opened. */
function Row({ person }: { person: Person }) {
  const [open, setOpen] = useState(false);
  return (
    <li>
      <button type="button" onClick={() => setOpen(true)}>
        {person.name}
      </button>
      {open && <span role="dialog">{person.name}</span>}
    </li>
  );
}

function People({ q }: { q: string }) {
  const query = useInfiniteQuery({
    queryKey: ['people', q],
    queryFn: () =>
      new Promise<{ items: Person[] }>((resolve) => answers.set(q, (items) => resolve({ items }))),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: () => undefined,
    placeholderData: keepPreviousData,
  });
  return (
    <PagedList query={query} empty={<p>none</p>} className="people" label="people">
      {(person) => <Row key={person.id} person={person} />}
    </PagedList>
  );
}

const container = document.createElement('div');
let client = new QueryClient();
const show = (q: string) =>
  act(() =>
    createRoot(container).render(
      <QueryClientProvider client={client}>
        <People q={q} />
      </QueryClientProvider>,
    ),
  );
const list = () => container.querySelector('ul');
const names = () => [...container.querySelectorAll('li button')].map((b) => b.textContent);

afterEach(() => {
  act(() => createRoot(container).unmount());
  client = new QueryClient();
  answers.clear();
});

const ada = { id: '1', name: 'Ada' };
const alan = { id: '2', name: 'Alan' };

describe('a paged list searched anew', () => {
  it('keeps the previous rows, dimmed and busy, until the new ones come', async () => {
    await show('a');
    await answer('a', [ada, alan]);
    await show('al');
    expect(names()).toEqual(['Ada', 'Alan']);
    expect(list()!.getAttribute('aria-busy')).toBe('true');
    await answer('al', [alan]);
    expect(list()!.hasAttribute('aria-busy')).toBe(false);
  });

  it('leaves a row that stays open as the user left it', async () => {
    await show('a');
    await answer('a', [ada, alan]);
    const alanButton = [...container.querySelectorAll('li button')].find((b) => b.textContent === 'Alan');
    await act(() => (alanButton as HTMLButtonElement).click());
    await show('al');
    await answer('al', [alan]);
    expect(container.querySelector('[role="dialog"]')?.textContent).toBe('Alan');
  });
});
