import { z } from 'zod';

export const reasonInput = z.object({ reason: z.string().trim().min(3).max(2000) });
export const optionalReasonInput = z
  .object({ reason: z.string().trim().min(3).max(2000).optional() })
  .nullish();
