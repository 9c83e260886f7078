import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../common/errors.ts';
import {
  expertProfile,
  expertProfileUpdate,
  expertRequest,
  expertRequestDeclineInput,
  expertRequestInput,
  expertRequestListQuery,
  expertSearchQuery,
  expertSearchResult,
  recommendationList,
  recommendationQuery,
  review,
  reviewHideInput,
  reviewInput,
  reviewListQuery,
  reviewReplyInput,
} from '../../../common/experts.ts';
import { page } from '../../../common/pagination.ts';
import { languages } from '../../../common/reference.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { ExpertRequestsService } from './expert-requests.service.ts';
import type { ExpertsService } from './experts.service.ts';
import type { ReviewsService } from './reviews.service.ts';
import type { ExpertSearchService } from './search.service.ts';

const errors = errorResponses;

export const expertsRoutes: FastifyPluginAsyncZod<{
  experts: ExpertsService;
  expertSearch: ExpertSearchService;
  reviews: ReviewsService;
  expertRequests: ExpertRequestsService;
  /** Searches per minute and client address. */
  searchRateLimitPerMinute: number;
}> = async (app, { experts, expertSearch, reviews, expertRequests, searchRateLimitPerMinute }) => {
  // The marketplace is browsable without an account: profiles show no contact details.
  app.get(
    '/api/experts',
    {
      config: { access: 'public', rateLimit: { max: searchRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['experts'],
        querystring: expertSearchQuery,
        response: { 200: expertSearchResult, ...errors, 429: errorBody },
      },
    },
    async (request) => expertSearch.search(request.query),
  );

  app.get(
    '/api/experts/recommended',
    {
      config: { access: ['client', 'admin'] },
      schema: {
        tags: ['experts'],
        querystring: recommendationQuery.extend({ language: z.enum(languages).optional() }),
        response: { 200: recommendationList, ...errors },
      },
    },
    async (request) =>
      expertSearch.recommend(currentUser(request), request.query.dossierId, {
        limit: request.query.limit,
        language: request.query.language,
      }),
  );

  app.patch(
    '/api/experts/me',
    {
      // A pending expert completes the profile before approval.
      config: { access: 'self' },
      schema: { tags: ['experts'], body: expertProfileUpdate, response: { 200: expertProfile, ...errors } },
    },
    async (request) => experts.updateOwnProfile(currentUser(request), request.body),
  );

  app.get(
    '/api/experts/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['experts'], params: idParams, response: { 200: expertProfile, ...errors } },
    },
    async (request) => experts.profile(request.user, request.params.id),
  );

  app.post(
    '/api/admin/experts/:id/verify',
    {
      config: { access: ['admin'] },
      schema: { tags: ['admin', 'experts'], params: idParams, response: { 200: expertProfile, ...errors } },
    },
    async (request) => experts.verify(currentUser(request), request.params.id),
  );

  app.get(
    '/api/experts/:id/reviews',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reviews'],
        params: idParams,
        querystring: reviewListQuery,
        response: { 200: page(review), ...errors },
      },
    },
    async (request) => reviews.list(request.user, request.params.id, request.query),
  );

  app.post(
    '/api/experts/:id/reviews',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['reviews'],
        params: idParams,
        body: reviewInput,
        response: { 201: review, ...errors },
      },
    },
    async (request, reply) => {
      const created = await reviews.create(currentUser(request), request.params.id, request.body);
      reply.status(201);
      return created;
    },
  );

  app.post(
    '/api/reviews/:id/reply',
    {
      config: { access: ['expert'] },
      schema: {
        tags: ['reviews'],
        params: idParams,
        body: reviewReplyInput,
        response: { 200: review, ...errors },
      },
    },
    async (request) => reviews.reply(currentUser(request), request.params.id, request.body.text),
  );

  app.post(
    '/api/admin/reviews/:id/hide',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin', 'reviews'],
        params: idParams,
        body: reviewHideInput,
        response: { 200: review, ...errors },
      },
    },
    async (request) => reviews.hide(currentUser(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/dossiers/:id/expert-requests',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['experts', 'dossiers'],
        params: idParams,
        body: expertRequestInput,
        response: { 201: expertRequest, ...errors },
      },
    },
    async (request, reply) => {
      const created = await expertRequests.create(currentUser(request), request.params.id, request.body);
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/expert-requests',
    {
      schema: {
        tags: ['experts'],
        querystring: expertRequestListQuery,
        response: { 200: page(expertRequest), ...errors },
      },
    },
    async (request) => expertRequests.list(currentUser(request), request.query),
  );

  app.post(
    '/api/expert-requests/:id/accept',
    {
      config: { access: ['expert'] },
      schema: { tags: ['experts'], params: idParams, response: { 200: expertRequest, ...errors } },
    },
    async (request) => expertRequests.respond(currentUser(request), request.params.id, { accept: true }),
  );

  app.post(
    '/api/expert-requests/:id/decline',
    {
      config: { access: ['expert'] },
      schema: {
        tags: ['experts'],
        params: idParams,
        body: expertRequestDeclineInput,
        response: { 200: expertRequest, ...errors },
      },
    },
    async (request) =>
      expertRequests.respond(currentUser(request), request.params.id, {
        accept: false,
        reason: request.body.reason,
      }),
  );
};
