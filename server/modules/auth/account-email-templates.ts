import { renderEmailLayout } from '../../platform/mail-layout.ts';
import type { EmailLocale } from '../../platform/mailer.ts';

/** The account e-mails: what they say in each language (the layout is the platform's). */
type AccountEmail = { subject: string; paragraphs: string[]; action?: string };

const texts = {
  fr: {
    verifyEmail: (firstName: string): AccountEmail => ({
      subject: 'Confirmez votre adresse e-mail',
      paragraphs: [
        `Bonjour ${firstName},`,
        'Confirmez que cette adresse est bien la vôtre pour recevoir les notifications de vos dossiers et pouvoir récupérer votre compte en cas d’oubli du mot de passe.',
        'Ce lien est valable 48 heures. Si vous n’avez pas demandé ce lien, ignorez cet e-mail.',
      ],
      action: 'Confirmer mon adresse e-mail',
    }),
    resetPassword: (firstName: string): AccountEmail => ({
      subject: 'Réinitialisez votre mot de passe',
      paragraphs: [
        `Bonjour ${firstName},`,
        'Vous avez demandé à réinitialiser le mot de passe de votre compte FinancialTracker. Ce lien est valable une heure et ne sert qu’une fois ; toutes vos sessions seront fermées.',
        'Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.',
      ],
      action: 'Choisir un nouveau mot de passe',
    }),
    forcedPasswordReset: (firstName: string): AccountEmail => ({
      subject: 'Choisissez un nouveau mot de passe',
      paragraphs: [
        `Bonjour ${firstName},`,
        'Un administrateur de FinancialTracker a réinitialisé le mot de passe de votre compte : toutes vos sessions ont été fermées et votre ancien mot de passe ne fonctionne plus.',
        'Choisissez-en un nouveau avec ce lien, valable une heure et utilisable une fois. Si vous ne vous attendiez pas à ce message, contactez notre support.',
      ],
      action: 'Choisir un nouveau mot de passe',
    }),
    emailChanged: (firstName: string, email: string): AccountEmail => ({
      subject: 'L’adresse e-mail de votre compte a été modifiée',
      paragraphs: [
        `Bonjour ${firstName},`,
        `L’adresse e-mail de votre compte FinancialTracker est désormais ${email}. Les prochains e-mails lui seront envoyés.`,
        'Si vous n’êtes pas à l’origine de ce changement, contactez immédiatement notre support : votre compte est peut-être compromis.',
      ],
    }),
  },
  en: {
    verifyEmail: (firstName: string): AccountEmail => ({
      subject: 'Confirm your e-mail address',
      paragraphs: [
        `Hello ${firstName},`,
        'Confirm that this address is yours to receive the notifications of your cases and to be able to recover your account if you forget your password.',
        'This link is valid for 48 hours. If you did not ask for it, ignore this e-mail.',
      ],
      action: 'Confirm my e-mail address',
    }),
    resetPassword: (firstName: string): AccountEmail => ({
      subject: 'Reset your password',
      paragraphs: [
        `Hello ${firstName},`,
        'You asked to reset the password of your FinancialTracker account. This link is valid for one hour and works once; all your sessions will be signed out.',
        'If you did not ask for anything, ignore this e-mail: your password stays as it is.',
      ],
      action: 'Choose a new password',
    }),
    forcedPasswordReset: (firstName: string): AccountEmail => ({
      subject: 'Choose a new password',
      paragraphs: [
        `Hello ${firstName},`,
        'A FinancialTracker administrator reset the password of your account: all your sessions were signed out and your former password no longer works.',
        'Choose a new one with this link, valid for one hour and usable once. If you did not expect this message, contact our support.',
      ],
      action: 'Choose a new password',
    }),
    emailChanged: (firstName: string, email: string): AccountEmail => ({
      subject: 'The e-mail address of your account was changed',
      paragraphs: [
        `Hello ${firstName},`,
        `The e-mail address of your FinancialTracker account is now ${email}. The next e-mails will be sent there.`,
        'If you did not make this change, contact our support at once: your account may be compromised.',
      ],
    }),
  },
} satisfies Record<EmailLocale, Record<string, (...args: string[]) => AccountEmail>>;

function render(locale: EmailLocale, email: AccountEmail, url?: string) {
  const action = email.action && url ? { label: email.action, url } : undefined;
  return {
    subject: email.subject,
    ...renderEmailLayout({ locale, title: email.subject, paragraphs: email.paragraphs, action }),
  };
}

export const accountEmails = {
  verifyEmail: (locale: EmailLocale, firstName: string, url: string) =>
    render(locale, texts[locale].verifyEmail(firstName), url),
  resetPassword: (locale: EmailLocale, firstName: string, url: string) =>
    render(locale, texts[locale].resetPassword(firstName), url),
  /** The reset link after an admin forced the reset: the person asked for nothing. */
  forcedPasswordReset: (locale: EmailLocale, firstName: string, url: string) =>
    render(locale, texts[locale].forcedPasswordReset(firstName), url),
  /** To the former address: the notice of the change, no link to follow. */
  emailChanged: (locale: EmailLocale, firstName: string, newEmail: string) =>
    render(locale, texts[locale].emailChanged(firstName, newEmail)),
};
