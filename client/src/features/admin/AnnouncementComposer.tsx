import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnouncementSegment } from '../../../../common/announcements.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert, Notice } from '../../ui/Feedback.tsx';
import { CheckboxGroup, TextField } from '../../ui/Field.tsx';
import { usePreviewSegment, useSendAnnouncement } from './announcements.api.ts';
import { emptySegment, SegmentPicker } from './SegmentPicker.tsx';

type Texts = { titleFr: string; bodyFr: string; titleEn: string; bodyEn: string };
const emptyTexts: Texts = { titleFr: '', bodyFr: '', titleEn: '', bodyEn: '' };
type ExtraChannel = 'email' | 'push';

const sameSegment = (a: AnnouncementSegment | undefined, b: AnnouncementSegment) =>
  JSON.stringify(a) === JSON.stringify(b);

/** One language's title and message. */
function LanguageFields({
  lang,
  texts,
  onChange,
}: {
  lang: 'Fr' | 'En';
  texts: Texts;
  onChange: (texts: Texts) => void;
}) {
  const { t } = useTranslation();
  const bodyId = useId();
  const title = `title${lang}` as const;
  const body = `body${lang}` as const;
  return (
    <fieldset className="space-y-3" lang={lang.toLowerCase()}>
      <legend className="font-semibold">
        {t(`announcements.in${lang === 'Fr' ? 'French' : 'English'}`)}
      </legend>
      <TextField
        label={t('announcements.heading')}
        required
        maxLength={120}
        value={texts[title]}
        onChange={(e) => onChange({ ...texts, [title]: e.target.value })}
      />
      <div className="space-y-1">
        <label htmlFor={bodyId} className="block text-sm font-medium text-slate-700">
          {t('announcements.body')}
        </label>
        <textarea
          id={bodyId}
          required
          rows={4}
          maxLength={2000}
          value={texts[body]}
          onChange={(e) => onChange({ ...texts, [body]: e.target.value })}
          className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
        />
      </div>
    </fieldset>
  );
}

/**
 * Writes an announcement in French and English, picks its recipients, shows their exact number (the server's
 * count of the same segment) and sends it now or at a chosen time. Sending waits for a count of the segment as it is.
 */
export function AnnouncementComposer() {
  const { t } = useTranslation();
  const [texts, setTexts] = useState(emptyTexts);
  const [segment, setSegment] = useState(emptySegment);
  const [channels, setChannels] = useState<ExtraChannel[]>(['email']);
  const [later, setLater] = useState(false);
  const [at, setAt] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const preview = usePreviewSegment();
  const send = useSendAnnouncement();
  const counted = preview.data && sameSegment(preview.variables, segment) ? preview.data : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!counted) return;
    send.mutate(
      {
        ...texts,
        segment,
        channels: ['in_app', ...channels],
        scheduledAt: later ? new Date(at).toISOString() : undefined,
      },
      {
        onSuccess: () => {
          setDone(t(later ? 'announcements.scheduled' : 'announcements.sent'));
          setTexts(emptyTexts);
          setSegment(emptySegment);
          setLater(false);
          setAt('');
          preview.reset();
        },
      },
    );
  };

  return (
    <Card>
      <h2 className="mb-4 text-lg font-semibold">{t('announcements.compose')}</h2>
      <form onSubmit={submit} onChange={() => setDone(null)} className="space-y-6">
        <div className="grid gap-6 md:grid-cols-2">
          <LanguageFields lang="Fr" texts={texts} onChange={setTexts} />
          <LanguageFields lang="En" texts={texts} onChange={setTexts} />
        </div>
        <SegmentPicker segment={segment} onChange={setSegment} />
        <CheckboxGroup
          name="channels"
          legend={t('announcements.channels')}
          options={(['email', 'push'] as const).map((c) => ({
            value: c,
            label: t(`notifications.channels.${c}`),
          }))}
          value={channels}
          onChange={(value) => setChannels(value as ExtraChannel[])}
        />
        <div className="space-y-2">
          <Button variant="secondary" busy={preview.isPending} onClick={() => preview.mutate(segment)}>
            {t('announcements.preview')}
          </Button>
          <div role="status" data-testid="recipient-count" className="text-sm">
            {counted ? (
              <>
                <p className="font-semibold">{t('announcements.count', { count: counted.count })}</p>
                {counted.sample.length > 0 && (
                  <p className="text-slate-600">
                    {t('announcements.sample', {
                      names: counted.sample.map((p) => `${p.firstName} ${p.lastName}`).join(', '),
                    })}
                  </p>
                )}
              </>
            ) : (
              <p className="text-slate-600">
                {t(preview.data ? 'announcements.countStale' : 'announcements.countFirst')}
              </p>
            )}
          </div>
          <ErrorAlert error={preview.error} />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t('announcements.when')}</legend>
          <div className="flex flex-wrap gap-4">
            {[false, true].map((value) => (
              <label key={String(value)} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="when"
                  className="size-4 accent-blue-700"
                  checked={later === value}
                  onChange={() => setLater(value)}
                />
                {t(value ? 'announcements.schedule' : 'announcements.now')}
              </label>
            ))}
          </div>
          {later && (
            <div className="sm:max-w-xs">
              <TextField
                label={t('announcements.scheduledAt')}
                type="datetime-local"
                required
                value={at}
                onChange={(e) => setAt(e.target.value)}
              />
            </div>
          )}
        </fieldset>
        <ErrorAlert error={send.error} />
        {done && <Notice tone="success">{done}</Notice>}
        <Button type="submit" busy={send.isPending} disabled={!counted || counted.count === 0}>
          {t(later ? 'announcements.schedule' : 'announcements.send')}
        </Button>
      </form>
    </Card>
  );
}
