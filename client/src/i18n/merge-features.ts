type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void
  ? I
  : never;

/** A language's dictionary: the dictionaries of its features (each with keys of its own) merged into one object. */
export function mergeFeatures<Features extends Record<string, object>>(
  features: Features,
): Intersection<Features[keyof Features]> {
  return Object.assign({}, ...Object.values(features));
}
