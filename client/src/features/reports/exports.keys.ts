/**
 * Query keys of the files the server makes: the reader's recent exports, and each export followed. Apart from the
 * reports' keys: the exports' code loads after the pages that show them (./reports.embeds.ts, ./ReportFiles.ts).
 */
export const exportKeys = {
  list: () => ['exports'] as const,
  job: (id: string) => ['exports', id] as const,
};
