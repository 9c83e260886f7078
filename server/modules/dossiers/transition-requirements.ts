import type { findTransition, TransitionInput } from '../../../common/dossiers.ts';
import { unprocessable } from '../../platform/errors.ts';

type Requirement = NonNullable<ReturnType<typeof findTransition>>['requires'];

/** The dossier's columns a lifecycle edge sets from the transition's input, or the refusal of what it lacks. */
export function requiredChanges(
  requires: Requirement,
  input: TransitionInput,
  expert: { id: string } | null,
): Record<string, unknown> {
  switch (requires) {
    case 'reason':
      if (!input.reason) throw unprocessable('REASON_REQUIRED', 'Un motif est obligatoire pour cette étape');
      return {};
    case 'expert':
      if (!expert) throw unprocessable('EXPERT_REQUIRED', 'Choisissez un expert');
      return { expertId: expert.id };
    case 'auditedAmount':
      if (input.amountCents === undefined) {
        throw unprocessable('AUDITED_AMOUNT_REQUIRED', 'Le montant audité est obligatoire');
      }
      return { auditedCents: input.amountCents };
    case 'grantedAmount':
      if (input.amountCents === undefined) {
        throw unprocessable('GRANTED_AMOUNT_REQUIRED', 'Le montant accordé est obligatoire');
      }
      return { grantedCents: input.amountCents };
    case 'obtainedAmount':
      if (input.amountCents === undefined) {
        throw unprocessable('OBTAINED_AMOUNT_REQUIRED', 'Le montant obtenu est obligatoire');
      }
      return { obtainedCents: input.amountCents };
    case undefined:
      return {};
  }
}
