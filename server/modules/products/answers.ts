import type { Answers, Question } from '../../../common/products.ts';
import { AppError } from '../../platform/errors.ts';

/** A question of the catalogue, as answered: the products that ask it may each bound it differently. */
function fits(q: Question, value: Answers[string]): boolean {
  switch (q.type) {
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (q.min === undefined || value >= q.min) &&
        (q.max === undefined || value <= q.max)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'select':
      return typeof value === 'string' && (q.options ?? []).some((o) => o.value === value);
  }
}

/**
 * Refuses answers to questions no active product asks (400 SIMULATION_ANSWER_UNKNOWN) and answers outside what the
 * question accepts (400 SIMULATION_ANSWER_INVALID: wrong type, out of bounds, not one of the options); the key is
 * named in the message and in `details.key`. Questions are data (the products table), so this is checked against
 * the loaded catalogue, not a static schema.
 */
export function checkAnswers(products: { questions: Question[] }[], answers: Answers): void {
  const questions = new Map<string, Question[]>();
  for (const product of products) {
    for (const q of product.questions) questions.set(q.id, [...(questions.get(q.id) ?? []), q]);
  }
  for (const [key, value] of Object.entries(answers)) {
    const asked = questions.get(key);
    if (!asked) {
      throw new AppError(400, 'SIMULATION_ANSWER_UNKNOWN', `Aucune question « ${key} » dans le simulateur`, {
        key,
      });
    }
    if (!asked.some((q) => fits(q, value))) {
      throw new AppError(400, 'SIMULATION_ANSWER_INVALID', `Réponse invalide à la question « ${key} »`, {
        key,
      });
    }
  }
}
