import { renderEmailLayout } from '../../../platform/mail-layout.ts';
import type { RunRow, ScheduleRow } from './schedules.repo.ts';

const frDate = (iso: string) => iso.split('-').reverse().join('/');

/** A scheduled report's e-mail: its name and period, the file attached, or a link when it is too large. */
export function scheduleEmail(schedule: ScheduleRow, run: RunRow, link: string | null) {
  const fr = schedule.locale === 'fr';
  const subject = fr
    ? `Rapport « ${schedule.name} » du ${frDate(run.periodFrom)} au ${frDate(run.periodTo)}`
    : `Report "${schedule.name}", ${run.periodFrom} to ${run.periodTo}`;
  const { html, text } = renderEmailLayout({
    locale: schedule.locale,
    title: subject,
    paragraphs: [
      link
        ? fr
          ? 'Le fichier est trop volumineux pour être joint : téléchargez-le avec le lien ci-dessous (valable 7 jours).'
          : 'The file is too large to attach: download it with the link below (valid 7 days).'
        : fr
          ? 'Vous trouverez le rapport en pièce jointe.'
          : 'The report is attached.',
      fr
        ? 'Vous recevez ce message parce qu’un envoi programmé de FinancialTracker vous désigne comme destinataire.'
        : 'You receive this message because a FinancialTracker schedule names you as a recipient.',
    ],
    action: link ? { label: fr ? 'Télécharger le rapport' : 'Download the report', url: link } : undefined,
  });
  return { subject, html, text };
}

/** A schedule's owner told that a run failed for good: which report, which period, why. */
export function scheduleFailureEmail(
  schedule: ScheduleRow,
  run: RunRow,
  message: string,
  schedulesUrl: string,
) {
  const fr = schedule.locale === 'fr';
  const subject = fr ? `Échec de l’envoi « ${schedule.name} »` : `Sending "${schedule.name}" failed`;
  const { html, text } = renderEmailLayout({
    locale: schedule.locale,
    title: subject,
    paragraphs: [
      fr
        ? `Le rapport du ${run.periodFrom} au ${run.periodTo} n’a pas pu être produit : ${message}`
        : `The report for ${run.periodFrom} to ${run.periodTo} could not be produced: ${message}`,
    ],
    action: { label: fr ? 'Voir mes envois' : 'See my schedules', url: schedulesUrl },
  });
  return { subject, html, text };
}
