import { useState } from 'react';

type Mutation = { error: unknown; isPending: boolean; reset: () => void };

/**
 * The state of a `ReasonDialog` asking why a decision is taken on `subject` (what a row is about): open while there
 * is one, with the reason typed so far and the mutation's error and progress. `dialog` is what the dialog takes.
 */
export function useReasonPrompt<Subject>(mutation: Mutation) {
  const [subject, setSubject] = useState<Subject | null>(null);
  const [reason, setReason] = useState('');
  return {
    subject,
    ask: (about: Subject) => setSubject(about),
    /** Once the decision went through: closes the dialog and forgets the reason. */
    done: () => {
      setSubject(null);
      setReason('');
    },
    dialog: {
      open: subject !== null,
      reason,
      onReasonChange: setReason,
      error: mutation.error,
      busy: mutation.isPending,
      onClose: () => {
        setSubject(null);
        mutation.reset();
      },
    },
  };
}
