import { Fragment, type ReactNode } from 'react';
import { SNIPPET_START, SNIPPET_STOP } from '../../../../common/messaging-limits.ts';

// Markdown-light, rendered as React text nodes only: whatever a message contains can never become HTML or script.
const inline = /(\*\*[^*\n]+\*\*|\*[^*\n]+\*|`[^`\n]+`|https?:\/\/[^\s<>"]+)/g;

function renderInline(line: string, keyBase: string): ReactNode[] {
  return line.split(inline).map((part, i) => {
    const key = `${keyBase}-${i}`;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={key}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) {
      return (
        <code key={key} className="rounded bg-slate-100 px-1 font-mono text-[0.9em]">
          {part.slice(1, -1)}
        </code>
      );
    }
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2)
      return <em key={key}>{part.slice(1, -1)}</em>;
    if (/^https?:\/\//.test(part)) {
      return (
        <a
          key={key}
          href={part}
          target="_blank"
          rel="noopener noreferrer nofollow"
          className="break-all underline"
        >
          {part}
        </a>
      );
    }
    return <Fragment key={key}>{part}</Fragment>;
  });
}

/** **gras**, *italique*, `code`, links and line breaks. */
export function RichText({ text }: { text: string }) {
  const lines = text.split('\n');
  return (
    <>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of one immutable text
        <Fragment key={i}>
          {renderInline(line, String(i))}
          {i < lines.length - 1 && <br />}
        </Fragment>
      ))}
    </>
  );
}

/** A search snippet, its matches (between [[ and ]]) highlighted. */
export function Snippet({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let rest = text;
  let i = 0;
  while (rest.length > 0) {
    const start = rest.indexOf(SNIPPET_START);
    const stop = start < 0 ? -1 : rest.indexOf(SNIPPET_STOP, start + SNIPPET_START.length);
    if (start < 0 || stop < 0) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, start));
    parts.push(
      <mark key={i++} className="rounded bg-amber-200 px-0.5">
        {rest.slice(start + SNIPPET_START.length, stop)}
      </mark>,
    );
    rest = rest.slice(stop + SNIPPET_STOP.length);
  }
  return <>{parts}</>;
}
