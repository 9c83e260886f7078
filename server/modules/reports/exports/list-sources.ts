import type { ExportList } from '../../../../common/reports.ts';
import { auditList } from './audit-list.ts';
import { dossierList } from './dossier-list.ts';
import type { ListSource } from './list-source.ts';
import { messageList } from './message-list.ts';
import { reviewList } from './review-list.ts';
import { userList } from './user-list.ts';

/** Every list that exports, by its name in `POST /api/exports`. */
export const listSources: Record<ExportList, ListSource<never>> = {
  dossiers: dossierList as ListSource<never>,
  users: userList as ListSource<never>,
  reviews: reviewList as ListSource<never>,
  audit: auditList as ListSource<never>,
  messages: messageList as ListSource<never>,
};
