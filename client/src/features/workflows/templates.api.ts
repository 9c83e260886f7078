import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  newTemplateVersionInput,
  TemplateDiff,
  templateMigration,
  templateMigrationInput,
  templatePreview,
  templatePreviewInput,
  WorkflowTemplate,
  workflowTemplateSummary,
  workflowTemplateVersions,
} from '../../../../common/workflows.ts';
import { api } from '../../lib/api.ts';
import { workflowKeys } from './workflows.keys.ts';

export type TemplateSummary = z.infer<typeof workflowTemplateSummary>;
export type TemplateVersions = z.infer<typeof workflowTemplateVersions>;
export type TemplatePreview = z.infer<typeof templatePreview>;
export type TemplateMigration = z.infer<typeof templateMigration>;

const base = (productCode: string) => `/api/workflow-templates/${encodeURIComponent(productCode)}`;

export function useTemplateSummaries() {
  return useQuery({
    queryKey: workflowKeys.templates,
    queryFn: async ({ signal }) =>
      (await api<{ items: TemplateSummary[] }>('/api/workflow-templates', { signal })).items,
  });
}

export function useTemplate(productCode: string) {
  return useQuery({
    queryKey: workflowKeys.template(productCode),
    queryFn: ({ signal }) => api<TemplateVersions>(base(productCode), { signal }),
  });
}

/** Saving a template writes its next version; the lists and versions are read again. */
export function useSaveVersion(productCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof newTemplateVersionInput>) =>
      api<WorkflowTemplate>(`${base(productCode)}/versions`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workflowKeys.templates }),
  });
}

export function useTemplateDiff(productCode: string, from: number, to: number) {
  return useQuery({
    queryKey: workflowKeys.diff(productCode, from, to),
    queryFn: ({ signal }) => api<TemplateDiff>(`${base(productCode)}/diff`, { query: { from, to }, signal }),
    enabled: from !== to,
  });
}

export function usePreview(productCode: string) {
  return useMutation({
    mutationFn: (input: z.input<typeof templatePreviewInput>) =>
      api<TemplatePreview>(`${base(productCode)}/preview`, { method: 'POST', body: input }),
  });
}

/** Moves open dossiers to another version; `dryRun` only answers what would change. */
export function useMigration(productCode: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof templateMigrationInput>) =>
      api<TemplateMigration>(`${base(productCode)}/migrations`, { method: 'POST', body: input }),
    onSuccess: (result) => {
      if (result.applied) void queryClient.invalidateQueries({ queryKey: workflowKeys.templates });
    },
  });
}
