// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDebouncedCallback, useDebouncedValue } from './useDebounced.ts';

const calls: string[] = [];
let call: (value: string) => void = () => {};

function Box() {
  call = useDebouncedCallback((value: string) => calls.push(value), 250);
  return null;
}

function Search({ typed }: { typed: string }) {
  return <output>{useDebouncedValue(typed, 250)}</output>;
}

const container = document.createElement('div');
beforeEach(() => {
  vi.useFakeTimers();
  calls.length = 0;
  act(() => createRoot(container).render(<Box />));
});
afterEach(() => vi.useRealTimers());

describe('useDebouncedCallback', () => {
  it('calls once, with the last arguments, when the calls pause', () => {
    for (const value of ['f', 'fi', 'fis']) {
      call(value);
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(250);
    expect(calls).toEqual(['fis']);
  });

  it('waits for the pause before calling', () => {
    call('f');
    vi.advanceTimersByTime(249);
    expect(calls).toEqual([]);
  });

  it('drops a call still waiting when the component unmounts', () => {
    call('f');
    act(() => createRoot(container).unmount());
    vi.advanceTimersByTime(250);
    expect(calls).toEqual([]);
  });
});

describe('useDebouncedValue', () => {
  const type = (typed: string) => act(() => createRoot(container).render(<Search typed={typed} />));

  it('starts with the value as it is', () => {
    type('f');
    expect(container.textContent).toBe('f');
  });

  it('keeps the settled value while the typing goes on, then takes the last one', () => {
    type('f');
    for (const typed of ['fi', 'fis']) {
      type(typed);
      act(() => {
        vi.advanceTimersByTime(100);
      });
    }
    expect(container.textContent).toBe('f');
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(container.textContent).toBe('fis');
  });
});
