import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';

/** What a signature certificate states. */
export type CertificateFacts = {
  signatureId: string;
  dossierReference: string;
  companyName: string;
  signerName: string;
  signerAccountId: string;
  signedAt: Date;
  ip: string | null;
  userAgent: string | null;
  document: { filename: string; version: number; sha256: string };
  stepName: string;
};

const parisTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'long',
  timeStyle: 'long',
});

/** The statement the signer accepted (the box they ticked), in French then English. */
export const acceptedStatement = (filename: string, version: number) =>
  `J’ai lu le document « ${filename} » (version ${version}) et je l’accepte. / ` +
  `I have read the document "${filename}" (version ${version}) and I accept it.`;

/**
 * The PDF certificate of a client's signature: who signed what, when and from where, and the SHA-256 of the exact
 * bytes signed, so that the document can be checked against it later.
 */
export function signatureCertificate(facts: CertificateFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Certificat de signature ${facts.dossierReference}`, CreationDate: facts.signedAt },
  });
  doc.font('Helvetica-Bold').fontSize(18).text('Certificat de signature électronique');
  doc.font('Helvetica').fontSize(11).fillColor('#555').text('Electronic signature certificate').moveDown();
  doc.fillColor('#000');
  const line = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).text(label);
    doc.font('Helvetica').fontSize(11).text(value).moveDown(0.4);
  };
  line('Dossier / Case', facts.dossierReference);
  line('Entreprise / Company', facts.companyName);
  line('Étape / Step', facts.stepName);
  line('Signataire / Signer', `${facts.signerName} (compte ${facts.signerAccountId})`);
  line('Date et heure (Europe/Paris) / Time', parisTime.format(facts.signedAt));
  line('Adresse IP / IP address', facts.ip ?? 'inconnue / unknown');
  line('Navigateur / User agent', facts.userAgent ?? 'inconnu / unknown');
  line('Document', facts.document.filename);
  line('Version', String(facts.document.version));
  doc.font('Helvetica-Bold').fontSize(10).text('Empreinte SHA-256 / SHA-256 fingerprint');
  doc.font('Courier').fontSize(9).text(facts.document.sha256).moveDown(0.4);
  line(
    'Déclaration acceptée / Statement accepted',
    acceptedStatement(facts.document.filename, facts.document.version),
  );
  line('Identifiant de la signature / Signature id', facts.signatureId);
  doc.end();
  return buffer(doc);
}
