// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useOptimistic } from './react-on-preact.ts';

type Controls = { add: (n: number) => void; land: (n: number) => void };

/** A counter whose optimistic additions show at once, until the real count lands. */
function Counter({ controls }: { controls: Controls }) {
  const [count, setCount] = useState(1);
  const [shown, add] = useOptimistic(count, (current: number, n: number) => current + n);
  controls.add = add;
  controls.land = setCount;
  return <output>{shown}</output>;
}

const container = document.createElement('div');
afterEach(() => act(() => createRoot(container).unmount()));

function mount(): Controls {
  const controls: Controls = { add: () => {}, land: () => {} };
  act(() => createRoot(container).render(<Counter controls={controls} />));
  return controls;
}

describe('useOptimistic on Preact', () => {
  it('shows the state as it is before any optimistic update', () => {
    mount();
    expect(container.textContent).toBe('1');
  });

  it('shows each optimistic update on top of the previous one', () => {
    const controls = mount();
    act(() => controls.add(2));
    act(() => controls.add(3));
    expect(container.textContent).toBe('6');
  });

  it('drops the optimistic value once the real state changes', () => {
    const controls = mount();
    act(() => controls.add(2));
    act(() => controls.land(10));
    expect(container.textContent).toBe('10');
  });
});
