import { describe, expect, it } from 'vitest';
import { exportRequest } from '../../../../common/reports.ts';
import { listExportRequest, notCarried, toDossierExportFilters } from './listExport.ts';

const expertId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const conversationId = '0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

describe('a list page’s filters as its export’s', () => {
  it('carries every filter the admin’s list applies, statuses as a list', () => {
    expect(
      toDossierExportFilters({
        status: ['submitted', 'eligible'],
        product: 'TICPE',
        expertId,
        region: 'bretagne',
        q: '  garage ',
        openedFrom: '2026-11-01',
        openedTo: '2026-11-30',
        unassigned: '1',
      }),
    ).toEqual({
      status: ['submitted', 'eligible'],
      product: 'TICPE',
      expertId,
      region: 'bretagne',
      q: 'garage',
      openedFrom: '2026-11-01',
      openedTo: '2026-11-30',
    });
  });

  it('makes a list of the client’s single status and leaves out what is not set', () => {
    expect(toDossierExportFilters({ status: 'submitted', product: undefined, q: undefined })).toEqual({
      status: ['submitted'],
    });
    expect(toDossierExportFilters({ status: [], q: '   ', product: '' })).toEqual({});
  });

  it('names the filters the export cannot apply, only when the page applies them', () => {
    const filters = { status: ['submitted' as const], unassigned: '1' as const };
    expect(notCarried({ list: 'dossiers', filters })).toEqual(['unassigned']);
    expect(notCarried({ list: 'dossiers', filters: { unassigned: undefined } })).toEqual([]);
    expect(notCarried({ list: 'audit', filters: { action: 'user.approve' } })).toEqual([]);
  });

  it('asks for each list in a shape the API accepts', () => {
    const requests = [
      listExportRequest(
        { list: 'dossiers', filters: { status: ['eligible'], unassigned: '1' } },
        'csv',
        'fr',
      ),
      listExportRequest(
        { list: 'audit', filters: { actorId: expertId, action: '', to: '2026-11-30' } },
        'xlsx',
        'en',
      ),
      listExportRequest({ list: 'messages', filters: { conversationId } }, 'csv', 'fr'),
    ];
    expect(requests).toEqual([
      { kind: 'list', list: 'dossiers', filters: { status: ['eligible'] }, format: 'csv', locale: 'fr' },
      {
        kind: 'list',
        list: 'audit',
        filters: { actorId: expertId, to: '2026-11-30' },
        format: 'xlsx',
        locale: 'en',
      },
      { kind: 'list', list: 'messages', filters: { conversationId }, format: 'csv', locale: 'fr' },
    ]);
    for (const request of requests) expect(exportRequest.safeParse(request).error).toBeUndefined();
  });

  it('carries the users list’s filters and order, and an expert’s reviews', () => {
    const requests = [
      listExportRequest({ list: 'users', filters: { role: 'expert', q: '', sort: 'name' } }, 'xlsx', 'fr'),
      listExportRequest({ list: 'reviews', filters: { expertId } }, 'csv', 'fr'),
    ];
    expect(requests).toEqual([
      {
        kind: 'list',
        list: 'users',
        filters: { role: 'expert', sort: 'name' },
        format: 'xlsx',
        locale: 'fr',
      },
      { kind: 'list', list: 'reviews', filters: { expertId }, format: 'csv', locale: 'fr' },
    ]);
    for (const request of requests) expect(exportRequest.safeParse(request).error).toBeUndefined();
  });
});
