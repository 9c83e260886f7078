// Components of this feature that other features' pages embed, each page loading this module lazily (its code and
// the exports' French words come after the page's). With its `*.api.ts` and `*.keys.ts`, the only files of this
// feature another feature may import (client/src/boundaries.test.ts checks it).
export { ExportListButton } from './ExportListButton.tsx';
