import { z } from 'zod';
import { email } from '../../../common/users.ts';
import { defineJob, type JobContext } from '../../platform/jobs.ts';

/**
 * A "forgot password" request: the reset link goes out from here, so that the request itself does the same thing
 * (send this job) and answers in the same time whether or not the address has an account.
 */
export const sendPasswordReset = defineJob({
  name: 'auth.send-password-reset',
  payload: z.object({ email }),
  run: async (
    { email },
    { accountEmails }: JobContext & { accountEmails: { sendPasswordReset(email: string): Promise<void> } },
  ) => {
    await accountEmails.sendPasswordReset(email);
  },
});
