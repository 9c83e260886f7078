/**
 * The ids of the generated rows: a kind (1 client, 2 company, 3 expert, 4 admin, 5 dossier, 6 document, 7 current
 * version, 8 earlier version) and a 1-based index, as SQL's `pg_temp.bid` makes them in documents-data.ts.
 */
export const benchId = (kind: number, i: number) =>
  `00000000-${kind.toString(16).padStart(4, '0')}-7000-8000-${i.toString(16).padStart(12, '0')}`;

export const indexOfBenchId = (id: string) => Number.parseInt(id.slice(-12), 16);
export const kindOfBenchId = (id: string) => Number.parseInt(id.slice(9, 13), 16);

/** The reference printed on every page of a document (and nowhere else): a word found in exactly one document. */
export const documentReference = (documentIndex: number) => `FAC${String(documentIndex).padStart(7, '0')}`;
