import '../../i18n/notification-pages.ts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { EmailDetail, EmailStatus } from '../../../../common/emails.ts';
import { type NotificationType, notificationCatalogue } from '../../../../common/notification-catalogue.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { focusRing } from '../../ui/Button.tsx';
import { Card, EmptyState, ErrorAlert, LoadingRows, PageHeader } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import type { EmailFilters } from './admin.keys.ts';
import { useEmail, useEmails } from './outbox.api.ts';

const statusTone: Record<EmailStatus, string> = {
  queued: 'bg-blue-100 text-blue-900',
  sent: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  outbox: 'bg-amber-100 text-amber-900',
};
// Read from the record above: common/emails.ts's own list would bring zod into the page.
const emailStatuses = Object.keys(statusTone) as EmailStatus[];

/** What an e-mail is about: a notification type's name, the digest, or the kind as recorded (account e-mails). */
function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string) => {
    if (kind === 'digest') return t('outbox.digest');
    if (Object.hasOwn(notificationCatalogue, kind))
      return t(`notifications.types.${kind as NotificationType}`);
    return kind;
  };
}

function StatusBadge({ status }: { status: EmailStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${statusTone[status]}`}>
      {t(`outbox.status.${status}`)}
    </span>
  );
}

/** One e-mail as the recipient got it: its HTML in a sandboxed frame (no script, no navigation) or its text. */
function Reader({ email }: { email: EmailDetail }) {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const heading = useRef<HTMLHeadingElement>(null);
  const [part, setPart] = useState<'html' | 'text'>('html');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reader takes the focus when another e-mail opens
  useEffect(() => heading.current?.focus(), [email.id]);
  const rows: [string, string][] = [
    [t('outbox.to'), email.to],
    [t('outbox.kind'), kindLabel(email.kind)],
    [t('outbox.attempts'), String(email.attempts)],
    ...Object.entries(email.headers),
  ];
  if (email.lastError) rows.push([t('outbox.lastError'), email.lastError]);
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 ref={heading} tabIndex={-1} className="min-w-0 text-lg font-semibold break-words outline-none">
          {email.subject}
        </h2>
        <StatusBadge status={email.status} />
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="flex gap-2">
        {(['html', 'text'] as const).map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={part === p}
            onClick={() => setPart(p)}
            className={`rounded-md px-3 py-1 text-sm font-medium ${focusRing} ${
              part === p ? 'bg-blue-700 text-white' : 'bg-slate-100 text-slate-800'
            }`}
          >
            {t(`outbox.${p}`)}
          </button>
        ))}
      </div>
      {part === 'html' ? (
        <iframe
          sandbox=""
          srcDoc={email.html}
          title={t('outbox.frame')}
          className="h-[32rem] w-full rounded-lg border border-slate-200 bg-white"
        />
      ) : (
        <pre className="max-h-[32rem] overflow-auto rounded-lg bg-slate-50 p-3 text-sm whitespace-pre-wrap">
          {email.text}
        </pre>
      )}
    </Card>
  );
}

/** The admins' view of every e-mail sent or kept in the outbox, and the reading of one. */
export function OutboxPage() {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const [params, setParams] = useSearchParams();
  const openId = params.get('email');
  const [status, setStatus] = useState<EmailFilters['status'] | ''>('');
  const [recipient, setRecipient] = useState('');
  const search = useDebouncedValue(recipient.trim());
  const emails = useEmails({ status: status || undefined, recipient: search || undefined });
  const open = useEmail(openId);

  return (
    <>
      <PageHeader title={t('outbox.title')} />
      <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-600">{t('outbox.lead')}</p>
      <div className="mb-4 grid gap-3 sm:grid-cols-3">
        <SelectField
          label={t('admin.status')}
          value={status}
          placeholder={t('common.all')}
          options={emailStatuses.map((s) => ({ value: s, label: t(`outbox.status.${s}`) }))}
          onChange={(e) => setStatus(e.target.value as EmailFilters['status'] | '')}
        />
        <TextField
          label={t('outbox.recipient')}
          type="search"
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        {openId && (
          <div className="lg:order-2">
            {open.isPending ? (
              <LoadingRows rows={2} />
            ) : open.isError ? (
              <ErrorAlert error={open.error} />
            ) : (
              <Reader email={open.data} />
            )}
          </div>
        )}
        <div className="min-w-0">
          <PagedList
            query={emails}
            empty={<EmptyState title={t('outbox.empty')} />}
            className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm"
            loadMoreClassName="mt-4"
          >
            {(e) => (
              <li
                key={e.id}
                data-testid="email-row"
                className={`relative p-4 hover:bg-slate-50 ${e.id === openId ? 'bg-blue-50' : ''}`}
              >
                <span className="flex items-start justify-between gap-2">
                  <button
                    type="button"
                    aria-current={e.id === openId || undefined}
                    onClick={() => setParams({ email: e.id })}
                    className={`min-w-0 text-left font-medium break-words after:absolute after:inset-0 ${focusRing}`}
                  >
                    {e.subject}
                  </button>
                  <StatusBadge status={e.status} />
                </span>
                <span className="block truncate text-sm text-slate-600">{e.to}</span>
                <span className="block text-xs text-slate-600">
                  {kindLabel(e.kind)} · {formatDateTime(e.createdAt)}
                </span>
              </li>
            )}
          </PagedList>
        </div>
      </div>
    </>
  );
}
