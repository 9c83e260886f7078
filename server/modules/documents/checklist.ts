import {
  type ChecklistItem,
  type ChecklistState,
  type DocumentReviewStatus,
  documentCategoryCodes,
  isDocumentCategory,
} from '../../../common/documents.ts';

type ChecklistDocument = { id: string; category: string; status: DocumentReviewStatus };
type ChecklistRequest = { id: string; category: string; status: 'open' | 'fulfilled' | 'cancelled' };

/**
 * A dossier's checklist: one line per category its product requires (`required`, in the product's order), then one
 * per other category that has a document or an open request (`required: false`, in the catalogue's order).
 * Closed requests (fulfilled or cancelled) make no line of their own: nothing is asked any more.
 *
 * A line's state is the first that holds, in this order:
 * 1. approved  — a document of the category is approved (the category is covered, whatever else is there);
 * 2. pending   — one awaits review (the expert has something to look at);
 * 3. rejected  — every document is rejected (the client owes a new version);
 * 4. requested — there is no document yet but an open request;
 * 5. missing   — nothing at all.
 */
export function buildChecklist(
  productCategories: readonly string[],
  documents: readonly ChecklistDocument[],
  requests: readonly ChecklistRequest[],
): ChecklistItem[] {
  const required = new Set(productCategories.filter(isDocumentCategory));
  const openRequests = requests.filter((r) => r.status === 'open');
  const present = new Set([...documents, ...openRequests].map((x) => x.category));
  const others = documentCategoryCodes.filter((c) => present.has(c) && !required.has(c));
  return [...required, ...others].map((category) => {
    const ofCategory = documents.filter((d) => d.category === category);
    const openRequest = openRequests.find((r) => r.category === category);
    return {
      category,
      required: required.has(category),
      state: stateOf(ofCategory, openRequest !== undefined),
      documentIds: ofCategory.map((d) => d.id),
      openRequestId: openRequest?.id ?? null,
    };
  });
}

const documentStates: readonly (DocumentReviewStatus & ChecklistState)[] = [
  'approved',
  'pending',
  'rejected',
];

function stateOf(documents: readonly ChecklistDocument[], requested: boolean): ChecklistState {
  const found = documentStates.find((state) => documents.some((d) => d.status === state));
  return found ?? (requested ? 'requested' : 'missing');
}
