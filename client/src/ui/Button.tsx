import type { ButtonHTMLAttributes } from 'react';
import { useUnavailableUntilTakenOver } from './useUnavailableUntilTakenOver.ts';

const variants = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 disabled:bg-blue-300',
  secondary:
    'bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100 disabled:text-slate-400',
} as const;

export const focusRing =
  'focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof variants;
  size?: 'sm' | 'md';
  busy?: boolean;
};

export function Button({ variant = 'primary', size = 'md', busy, className = '', children, ...rest }: Props) {
  // Until the app has taken a page rendered ahead over, a button says it is unavailable, and a submit button is a
  // plain one: the browser would send its form as a GET, a password in the address.
  const unavailable = useUnavailableUntilTakenOver();
  return (
    <button
      type="button"
      {...rest}
      {...(unavailable['aria-disabled'] && { type: 'button', ...unavailable })}
      disabled={rest.disabled || busy}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center gap-2 rounded-lg font-medium transition-colors disabled:cursor-not-allowed ${
        size === 'sm' ? 'px-3 py-1.5 text-sm' : 'px-4 py-2.5 text-sm'
      } ${variants[variant]} ${focusRing} ${className}`}
    >
      {busy && (
        <span className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent" />
      )}
      {children}
    </button>
  );
}
