import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  newTemplateVersionInput,
  productCodeParams,
  templateDiff,
  templateDiffQuery,
  templatePreview,
  templatePreviewInput,
  templateVersionParams,
  workflowTemplate,
  workflowTemplateSummary,
  workflowTemplateVersions,
} from '../../../common/workflows.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { WorkflowTemplatesService } from './workflow-templates.service.ts';

const errors = errorResponses;
const admins = { access: ['admin' as const] };
const tags = ['workflows'];

/** The admins' workflow editor: each product's versions, a new version, a diff, a dossier's path. */
export const workflowTemplatesRoutes: FastifyPluginAsyncZod<{ templates: WorkflowTemplatesService }> = async (
  app,
  { templates },
) => {
  app.get(
    '/api/workflow-templates',
    {
      config: admins,
      schema: { tags, response: { 200: z.object({ items: z.array(workflowTemplateSummary) }), ...errors } },
    },
    async () => ({ items: await templates.list() }),
  );

  app.get(
    '/api/workflow-templates/:productCode',
    {
      config: admins,
      schema: { tags, params: productCodeParams, response: { 200: workflowTemplateVersions, ...errors } },
    },
    async (request) => templates.get(request.params.productCode),
  );

  app.get(
    '/api/workflow-templates/:productCode/versions/:version',
    {
      config: admins,
      schema: { tags, params: templateVersionParams, response: { 200: workflowTemplate, ...errors } },
    },
    async (request) => templates.version(request.params.productCode, request.params.version),
  );

  app.post(
    '/api/workflow-templates/:productCode/versions',
    {
      config: admins,
      schema: {
        tags,
        params: productCodeParams,
        body: newTemplateVersionInput,
        response: { 201: workflowTemplate, ...errors },
      },
    },
    async (request, reply) => {
      const created = await templates.createVersion(
        currentUser(request),
        request.params.productCode,
        request.body,
      );
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/workflow-templates/:productCode/diff',
    {
      config: admins,
      schema: {
        tags,
        params: productCodeParams,
        querystring: templateDiffQuery,
        response: { 200: templateDiff, ...errors },
      },
    },
    async (request) => templates.diff(request.params.productCode, request.query.from, request.query.to),
  );

  app.post(
    '/api/workflow-templates/:productCode/preview',
    {
      config: admins,
      schema: {
        tags,
        params: productCodeParams,
        body: templatePreviewInput,
        response: { 200: templatePreview, ...errors },
      },
    },
    async (request) => templates.preview(request.params.productCode, request.body),
  );
};
