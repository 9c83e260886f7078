// The reports page's files, loaded after the page (ReportsPage.tsx): their code — the exports' flow, shared with
// the lists' "Exporter" (./reports.embeds.ts) — and their French words are not part of the page's first render.
export { ExportButtons } from './ExportButtons.tsx';
export { ExportsPanel } from './ExportsPanel.tsx';
