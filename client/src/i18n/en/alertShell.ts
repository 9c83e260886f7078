import type { alertShellTexts as fr } from '../fr/alertShell.ts';
import type { Widen } from '../fr.ts';

export const alertShellTexts: Widen<typeof fr> = {
  alertShell: { badge_one: '{{count}} alert to handle', badge_other: '{{count}} alerts to handle' },
};
