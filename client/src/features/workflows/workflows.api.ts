import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CompleteStepInput,
  StepOutcome,
  signStepInput,
  stepSignature,
  validateStepInput,
  WorkflowProgress,
} from '../../../../common/workflows.ts';
import { ApiError, api, getAccessToken, refreshSession } from '../../lib/api.ts';
import { dossierKeys } from '../dossiers/dossiers.keys.ts';
import { workflowKeys } from './workflows.keys.ts';

export type StepSignature = z.infer<typeof stepSignature>;

/** A dossier's workflow as its reader sees it: steps, current one, who acts, due dates, banners. */
export function useWorkflowProgress(dossierId: string) {
  return useQuery({
    queryKey: workflowKeys.progress(dossierId),
    queryFn: ({ signal }) => api<WorkflowProgress>(`/api/dossiers/${dossierId}/workflow`, { signal }),
  });
}

/** A step moved: its progress is read again; the dossier (status, amounts, history) may have moved with it. */
function useStepMutation<Input>(dossierId: string, path: (stepId: string) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, input }: { stepId: string; input: Input }) =>
      api<StepOutcome>(`/api/dossiers/${dossierId}/workflow/steps/${stepId}/${path(stepId)}`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: workflowKeys.progress(dossierId) }),
        queryClient.invalidateQueries({ queryKey: dossierKeys.all }),
      ]),
  });
}

export const useCompleteStep = (dossierId: string) =>
  useStepMutation<CompleteStepInput>(dossierId, () => 'complete');

export const useValidateStep = (dossierId: string) =>
  useStepMutation<z.input<typeof validateStepInput>>(dossierId, () => 'validation');

export function useSignStep(dossierId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, input }: { stepId: string; input: z.input<typeof signStepInput> }) =>
      api<StepSignature>(`/api/dossiers/${dossierId}/workflow/steps/${stepId}/signature`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workflowKeys.progress(dossierId) }),
  });
}

/** Where a step's signature certificate (PDF) is read. */
const certificatePath = (dossierId: string, stepId: string) =>
  `/api/dossiers/${dossierId}/workflow/steps/${stepId}/signature/certificate`;

/**
 * Downloads a signature's certificate (a PDF read with the reader's token); a download, not a new tab, which the
 * browser would block once the request is over.
 */
export async function downloadCertificate(dossierId: string, stepId: string, filename: string) {
  const get = () => {
    const token = getAccessToken();
    return fetch(certificatePath(dossierId, stepId), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
    });
  };
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok)
    throw new ApiError(res.status, res.status === 404 ? 'NOT_FOUND' : 'INTERNAL_ERROR', res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
