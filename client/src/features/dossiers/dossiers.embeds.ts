// Components of this feature that other features' pages embed. With its `*.api.ts` and `*.keys.ts`, the only
// files of this feature another feature may import (client/src/boundaries.test.ts checks it).
export { DossierList, DossierResults } from './DossierList.tsx';
