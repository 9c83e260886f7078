import * as features from './en/index.ts';
import type { Messages } from './fr.ts';
import { mergeFeatures } from './merge-features.ts';

/** The English texts, one file per feature in en/ with the same keys as fr/. */
export const en: Messages = mergeFeatures(features);
