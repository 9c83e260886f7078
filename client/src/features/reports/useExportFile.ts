import { useEffect, useRef, useState } from 'react';
import type { ExportRequest } from '../../../../common/reports.ts';
import { isUnderWay, saveFile, useExportJob, useStartExport } from './exports.api.ts';

/**
 * A file asked of the server, followed while it is made, and handed to the browser once, as soon as it is ready:
 * the flow of every "download" and "export" button (the reports' and the lists').
 */
export function useExportFile() {
  const start = useStartExport();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useExportJob(jobId).data;
  const saved = useRef<string | null>(null);

  // Each file is handed to the browser once, when it becomes ready; the progress keeps a link for another copy.
  useEffect(() => {
    if (job?.status !== 'ready' || !job.downloadUrl || saved.current === job.id) return;
    saved.current = job.id;
    saveFile(job.downloadUrl, job.fileName);
  }, [job]);

  return {
    /** The export followed: the last one asked for. */
    job,
    /** Asking for it: pending, or its error. */
    start,
    /** True while an export is asked for or being made: another would wait for it. */
    busy: start.isPending || (job !== undefined && isUnderWay(job.status)),
    request: (request: ExportRequest) => {
      setJobId(null);
      start.mutate(request, { onSuccess: (next) => setJobId(next.id) });
    },
  };
}
