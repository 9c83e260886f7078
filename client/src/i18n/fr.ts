import * as features from './fr/index.ts';
import { mergeFeatures } from './merge-features.ts';

/** The French texts, the reference language; one file per feature in fr/, listed in fr/index.ts. */
export const fr = mergeFeatures(features);

/** The same keys with any text: what every other language must provide (checked by the type of `en`). */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof fr>;
