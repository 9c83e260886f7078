import type { FieldValues, Resolver } from 'react-hook-form';

// biome-ignore lint/suspicious/noExplicitAny: react-hook-form's own default for a resolver's context
type AnyContext = any;

export type LazyResolver<TInput extends FieldValues, TContext, TOutput> = Resolver<
  TInput,
  TContext,
  TOutput
> & {
  preload: () => void;
};

/**
 * A form's validation whose code (zod and the shared schema) loads apart from the page: when the visitor starts
 * filling the form in (`preload`, e.g. on its first focus), or at the latest on the first validation. On a page
 * that is a form (sign-in), zod would otherwise weigh more than the page.
 */
export function lazyResolver<TInput extends FieldValues, TContext = AnyContext, TOutput = TInput>(
  load: () => Promise<Resolver<TInput, TContext, TOutput>>,
): LazyResolver<TInput, TContext, TOutput> {
  let resolver: Promise<Resolver<TInput, TContext, TOutput>> | null = null;
  const loaded = () => {
    resolver ??= load().catch((error: unknown) => {
      resolver = null; // a failed download is tried again on the next validation
      throw error;
    });
    return resolver;
  };
  const validate: Resolver<TInput, TContext, TOutput> = async (values, context, options) =>
    (await loaded())(values, context, options);
  return Object.assign(validate, { preload: () => void loaded().catch(() => {}) });
}
