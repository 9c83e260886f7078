import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpertProfile, Review } from '../../../../common/experts.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useHideReview, useReplyToReview, useVerifyExpert } from './experts.api.ts';

/** The expert answers a review, once. */
export function ReplyForm({ review }: { review: Review }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const reply = useReplyToReview(review);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim().length >= 2) reply.mutate(text.trim());
  };
  return (
    <form onSubmit={submit} className="ml-4 space-y-2">
      <TextField label={t('marketplace.replyLabel')} value={text} onChange={(e) => setText(e.target.value)} />
      <ErrorAlert error={reply.error} />
      <Button
        size="sm"
        type="submit"
        variant="secondary"
        disabled={text.trim().length < 2}
        busy={reply.isPending}
      >
        {t('marketplace.reply')}
      </Button>
    </form>
  );
}

/** An admin hides a review from the profile and its aggregates, with a reason kept in the audit log. */
export function HideReview({ review }: { review: Review }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const hide = useHideReview(review);
  if (!open) {
    return (
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        {t('marketplace.hide')}
      </Button>
    );
  }
  return (
    <form
      className="ml-4 space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length >= 3) hide.mutate(reason.trim());
      }}
    >
      <TextField
        label={t('marketplace.hideReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <ErrorAlert error={hide.error} />
      <div className="flex gap-2">
        <Button size="sm" variant="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
        <Button
          size="sm"
          type="submit"
          variant="danger"
          disabled={reason.trim().length < 3}
          busy={hide.isPending}
        >
          {t('marketplace.hide')}
        </Button>
      </div>
    </form>
  );
}

export function VerifyExpert({ profile }: { profile: ExpertProfile }) {
  const { t } = useTranslation();
  const verify = useVerifyExpert(profile.id);
  return (
    <div className="space-y-2">
      <ErrorAlert error={verify.error} />
      <Button className="w-full" variant="secondary" busy={verify.isPending} onClick={() => verify.mutate()}>
        {t('marketplace.markVerified')}
      </Button>
    </div>
  );
}
