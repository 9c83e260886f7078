// @vitest-environment happy-dom

import { renderToStringAsync } from 'preact-render-to-string';
import { useLayoutEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { takeOver } from '../../ui/HydrateLater.tsx';
import { ChartCard } from './ChartCard.tsx';

/** The charts the app has taken over, in order, each with the number of tasks that had run before it. */
let taken: { name: string; task: number }[] = [];
let tasks = 0;

function Drawing({ name }: { name: string }) {
  useLayoutEffect(() => {
    taken.push({ name, task: tasks });
  }, [name]);
  return <svg data-chart={name} />;
}

function Dashboard() {
  return (
    <div>
      {['dossiers', 'amounts'].map((name) => (
        <ChartCard key={name} title={name} table={<table />}>
          <Drawing name={name} />
        </ChartCard>
      ))}
    </div>
  );
}

const countTasks = () => {
  const tick = () => {
    tasks++;
    if (tasks < 20) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
};

describe('a dashboard chart over a page rendered by the server', () => {
  it('is taken over in a task of its own, after the page, its drawing kept meanwhile', async () => {
    const root = document.createElement('div');
    root.innerHTML = await renderToStringAsync(<Dashboard />);
    const html = root.innerHTML;
    const drawing = root.querySelector('[data-chart="dossiers"]');
    taken = [];
    tasks = 0;
    countTasks();
    takeOver(() => hydrateRoot(root, <Dashboard />));
    expect(taken).toEqual([]);
    expect(root.innerHTML).toBe(html);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken.map((t) => t.name)).toEqual(['dossiers', 'amounts']);
    expect(taken[1]!.task).toBeGreaterThan(taken[0]!.task);
    expect(root.querySelector('[data-chart="dossiers"]')).toBe(drawing);
  });
});
