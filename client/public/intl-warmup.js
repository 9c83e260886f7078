// Builds one formatter of each kind the pages use, in both of the app's languages, then ends. ICU's data and caches
// are shared by the renderer's threads: the page's own first formatters, built on the main thread while it is taken
// over, then cost a few milliseconds instead of 30–70 ms (120–470 ms measured at 4× CPU slowdown). Started by
// common/prerendered-boot.ts (and client/src/main.tsx for pages not rendered ahead).
for (const locale of ['fr-FR', 'en-GB']) {
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(1234.5);
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(0);
  new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-1, 'day');
  new Intl.PluralRules(locale).select(2);
}
new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(0);
close();
