import { dossierStatusNamesFr as statusFr } from '../../../common/dossier-status-names.ts';
import type { Templates } from './templates.data.ts';

const hours = (n: number) => (n <= 1 ? '1 heure' : `${n} heures`);
const seeDossier = 'Voir le dossier';

/** The French texts of every notification type. */
export const templatesFr: Templates = {
  'message.new': (d, count) => ({
    title: count > 1 ? `${count} nouveaux messages de ${d.senderName}` : `Nouveau message de ${d.senderName}`,
    // A message of attachments only has no text.
    body: d.excerpt || 'Pièce jointe',
    action: 'Lire la conversation',
  }),
  'dossier.status_changed': (d) => ({
    title: `Dossier ${d.reference} : ${statusFr[d.to]}`,
    body: `Le dossier ${d.productName} de ${d.companyName} est passé de « ${statusFr[d.from]} » à « ${statusFr[d.to]} ».`,
    action: seeDossier,
  }),
  'dossier.expert_assigned': (d) => ({
    title: `Nouvel expert sur le dossier ${d.reference}`,
    body: `${d.expertName} suit désormais le dossier ${d.productName} de ${d.companyName}.${d.reason ? ` Motif : ${d.reason}` : ''}`,
    action: seeDossier,
  }),
  'expert_request.created': (d) => ({
    title: `Demande d’expertise : dossier ${d.reference}`,
    body: `${d.companyName} vous propose son dossier ${d.productName}.${d.message ? ` « ${d.message} »` : ''}`,
    action: 'Répondre à la demande',
  }),
  'expert_request.accepted': (d) => ({
    title: `${d.expertName} a accepté votre dossier ${d.reference}`,
    body: `${d.expertName} prend en charge votre dossier ${d.productName}.`,
    action: seeDossier,
  }),
  'expert_request.declined': (d) => ({
    title: `${d.expertName} a décliné votre dossier ${d.reference}`,
    body: `Motif : ${d.reason}. Choisissez un autre expert pour votre dossier ${d.productName}.`,
    action: 'Choisir un expert',
  }),
  'review.created': (d) => ({
    title: `Nouvel avis : ${d.rating}/5`,
    body: `${d.companyName} a évalué votre accompagnement.`,
    action: 'Voir l’avis',
  }),
  'review.replied': (d) => ({
    title: `${d.expertName} a répondu à votre avis`,
    body: `${d.expertName} a publié une réponse à l’avis que vous avez laissé.`,
    action: 'Lire la réponse',
  }),
  'account.approved': (d) => ({
    title: 'Votre compte est validé',
    body: `Bienvenue ${d.firstName} : votre compte est actif, vous avez accès à tous les services.`,
    action: 'Accéder à mon compte',
  }),
  'account.rejected': (d) => ({
    title: 'Votre demande de compte n’a pas été acceptée',
    body: `${d.firstName}, un administrateur n’a pas validé votre compte.${d.reason ? ` Motif : ${d.reason}.` : ''} Contactez-nous pour en savoir plus.`,
    action: 'Voir mon compte',
  }),
  'account.suspended': (d) => ({
    title: 'Votre compte est suspendu',
    body: `${d.firstName}, votre compte a été suspendu par un administrateur.${d.reason ? ` Motif : ${d.reason}.` : ''} Contactez-nous pour en savoir plus.`,
    action: 'Voir mon compte',
  }),
  'document.requested': (d) => ({
    title: `Document demandé : ${d.documentName}`,
    body: `Déposez « ${d.documentName} » dans le dossier ${d.reference}.`,
    action: 'Déposer le document',
  }),
  'document.approved': (d) => ({
    title: `Document accepté : ${d.documentName}`,
    body: `« ${d.documentName} » a été validé pour le dossier ${d.reference}.`,
    action: seeDossier,
  }),
  'document.rejected': (d) => ({
    title: `Document refusé : ${d.documentName}`,
    body: `« ${d.documentName} » a été refusé pour le dossier ${d.reference}. Motif : ${d.reason}.`,
    action: 'Déposer un nouveau document',
  }),
  'workflow.step_completed': (d) => ({
    title: `Étape terminée : ${d.stepName.fr}`,
    body: `L’étape « ${d.stepName.fr} » du dossier ${d.reference} est terminée.`,
    action: seeDossier,
  }),
  'workflow.step_notice': (d) => ({
    title: `Dossier ${d.reference} : ${d.stepName.fr}`,
    body: d.message.fr,
    action: seeDossier,
  }),
  'sla.approaching': (d) => ({
    title: `Échéance proche : dossier ${d.reference}`,
    body: `Il reste ${hours(d.hoursLeft)} pour traiter le dossier ${d.reference}.`,
    action: seeDossier,
  }),
  'sla.breached': (d) => ({
    title: `Échéance dépassée : dossier ${d.reference}`,
    body: `Le délai de traitement du dossier ${d.reference} est dépassé de ${hours(d.hoursLate)}.`,
    action: seeDossier,
  }),
  reminder: (d) => ({ title: 'Rappel', body: d.subject.fr, action: 'Voir' }),
  announcement: (d) => ({ title: d.titleFr, body: d.bodyFr, action: 'Lire l’annonce' }),
  'report.ready': (d) => ({
    title: 'Votre rapport est prêt',
    body: `Le rapport « ${d.reportName.fr} » peut être consulté.`,
    action: 'Ouvrir le rapport',
  }),
  'security.password_changed': () => ({
    title: 'Votre mot de passe a été modifié',
    body: 'Le mot de passe de votre compte vient d’être changé. Si ce n’est pas vous, réinitialisez-le sans attendre.',
    action: 'Vérifier mon compte',
  }),
  'security.email_changed': (d) => ({
    title: 'Votre adresse e-mail a été modifiée',
    body: `L’adresse de votre compte est passée de ${d.previousEmail} à ${d.email}. Si ce n’est pas vous, contactez-nous sans attendre.`,
    action: 'Vérifier mon compte',
  }),
  'security.new_sign_in': (d) => ({
    title: 'Nouvelle connexion à votre compte',
    body: `Connexion depuis ${d.browser} (adresse ${d.ip}). Si ce n’est pas vous, changez votre mot de passe.`,
    action: 'Vérifier mes sessions',
  }),
};
