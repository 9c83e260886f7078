import { z } from 'zod';
import type {
  ExpertLoad,
  ExpertLoadSort,
  PendingExpertRequest,
  UnassignedDossier,
} from '../../../common/admin-assignments.ts';
import type { Page } from '../../../common/pagination.ts';
import { cursorKeys, cursorParts, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { toExpertLoad, toPendingRequest, toUnassignedDossier } from './assignments.presenter.ts';
import { assignmentsRepo, type LoadCursor, type TimeCursor } from './assignments.repo.ts';

export type AssignmentsDeps = Pick<Platform, 'db' | 'clock'>;

type PageQuery = { limit: number; cursor?: string };

const loadCursor = z.tuple([cursorParts.numeric, cursorParts.id]);
const nameCursor = z.tuple([z.string().max(200), z.string().max(200), cursorParts.id]);

function timeCursor(cursor: string | undefined): TimeCursor | undefined {
  if (!cursor) return undefined;
  const [at, id] = decodeCursor(cursor, cursorKeys.timeAndId);
  return { at, id };
}

function expertCursor(sort: ExpertLoadSort, cursor: string | undefined): LoadCursor | undefined {
  if (!cursor) return undefined;
  if (sort === 'name') {
    const [lastName, firstName, id] = decodeCursor(cursor, nameCursor);
    return { sort, lastName, firstName, id };
  }
  const [ratio, id] = decodeCursor(cursor, loadCursor);
  return { sort, ratio, id };
}

/** The admin's view of who waits for an expert and how loaded the experts are (read only: see `dossiers.assign`). */
export class AssignmentsService extends Service<AssignmentsDeps> {
  async unassigned(query: PageQuery): Promise<Page<UnassignedDossier>> {
    const rows = await assignmentsRepo.unassigned(this.deps.db, {
      after: timeCursor(query.cursor),
      limit: query.limit,
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.statusChangedAt, last.id]);
    const now = this.deps.clock.now();
    return { items: items.map((row) => toUnassignedDossier(row, now)), nextCursor };
  }

  async pendingRequests(query: PageQuery): Promise<Page<PendingExpertRequest>> {
    const rows = await assignmentsRepo.pendingRequests(this.deps.db, {
      after: timeCursor(query.cursor),
      limit: query.limit,
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.createdAt, last.id]);
    const now = this.deps.clock.now();
    return { items: items.map((row) => toPendingRequest(row, now)), nextCursor };
  }

  async expertLoads(
    query: PageQuery & { sort: ExpertLoadSort; product?: string; region?: string },
  ): Promise<Page<ExpertLoad>> {
    const rows = await assignmentsRepo.expertLoads(this.deps.db, {
      sort: query.sort,
      productCode: query.product,
      region: query.region,
      after: expertCursor(query.sort, query.cursor),
      limit: query.limit,
    });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) =>
      query.sort === 'name' ? [last.lastName, last.firstName, last.id] : [last.loadRatio, last.id],
    );
    return { items: items.map(toExpertLoad), nextCursor };
  }
}
