/** The header's alert badge (experts and admins), whose chunk carries these French words (../alert-shell.ts). */
export const alertShellTexts = {
  alertShell: { badge_one: '{{count}} alerte à traiter', badge_other: '{{count}} alertes à traiter' },
};
