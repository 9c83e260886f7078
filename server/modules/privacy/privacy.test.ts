/** The personal data export: a ZIP of everything of the signed-in person's, and nothing of anyone else's. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { dataExportManifest } from '../../../common/privacy.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import { documentCast, pngFile, textFile, uploaded } from '../documents/documents.factories.ts';
import { closedDossierWith } from '../experts/experts.factories.ts';
import { centre } from '../notifications/notifications.factories.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ft-privacy-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function say(t: TestApp, who: Session, conversationId: string, body: string) {
  const res = await t.request('POST', `/api/conversations/${conversationId}/messages`, {
    token: who.token,
    body: { clientKey: randomUUID(), body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function conversationOf(t: TestApp, who: Session, dossierId: string): Promise<string> {
  const res = await t.request('GET', `/api/dossiers/${dossierId}/conversation`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id;
}

/** A client and their expert talking over a dossier with a document, and the same again in another company. */
async function setUp(t: TestApp) {
  const mine = await documentCast(t);
  const theirs = await documentCast(t);
  const said = {
    byClient: `Voici nos factures de carburant ${randomUUID()}`,
    byExpert: `Réponse confidentielle de l’expert ${randomUUID()}`,
    byOtherClient: `Message d’une autre entreprise ${randomUUID()}`,
    byOtherExpert: `Réponse de l’autre expert ${randomUUID()}`,
  };
  const conversation = await conversationOf(t, mine.client, mine.dossierId);
  await say(t, mine.client, conversation, said.byClient);
  await say(t, mine.expert, conversation, said.byExpert);
  const otherConversation = await conversationOf(t, theirs.client, theirs.dossierId);
  await say(t, theirs.client, otherConversation, said.byOtherClient);
  await say(t, theirs.expert, otherConversation, said.byOtherExpert);

  const scan = pngFile(64 * 1024);
  const invoice = textFile('Facture carburant');
  await uploaded(t, mine.client, mine.dossierId, scan, 'scan mars?.png', { type: 'image/png' });
  await uploaded(t, mine.client, mine.dossierId, invoice, 'facture.txt');
  const otherInvoice = textFile(`Facture d’une autre entreprise ${randomUUID()}`);
  await uploaded(t, theirs.client, theirs.dossierId, otherInvoice, 'facture.txt');

  // The expert's message becomes the client's notification (they are away) a moment later.
  await eventually(async () => {
    expect((await centre(t, mine.client)).map((n) => n.type)).toContain('message.new');
  });
  return { mine, theirs, said, scan, invoice, otherInvoice };
}

const { t, cast } = appWith(setUp, {
  overrides: { dataDir, storage: { dataDir, s3: undefined, masterKey: randomBytes(32), encrypt: true } },
  setupTimeoutMs: 120_000,
});

async function exportOf(who: Session | null) {
  const res = await fetch(`${t.baseUrl}/api/me/data-export`, {
    headers: who ? { authorization: `Bearer ${who.token}` } : {},
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The client's archive, taken once (exports are limited per hour) and opened. */
let clientArchive: Promise<{ res: Response; zip: JSZip }> | undefined;
const clientExport = () => {
  clientArchive ??= exportOf(cast.mine.client).then(async ({ res, bytes }) => {
    expect(res.status, bytes.toString()).toBe(200);
    return { res, zip: await JSZip.loadAsync(bytes) };
  });
  return clientArchive;
};

const json = async (zip: JSZip, name: string) => JSON.parse(await zip.file(name)!.async('string'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('exporting my data', () => {
  it('answers a ZIP download named after the day', async () => {
    const { res, zip } = await clientExport();
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="mes-donnees-financialtracker-2026-06-01.zip"',
    );
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['README.txt', 'manifest.json']));
  });

  it('lists every file in a manifest, and says in French then English what each holds', async () => {
    const { zip } = await clientExport();
    const manifest = dataExportManifest.parse(await json(zip, 'manifest.json'));
    expect(manifest.user).toEqual({
      id: cast.mine.client.user.id,
      email: cast.mine.client.user.email,
      role: 'client',
    });
    for (const name of [...manifest.dataFiles, ...manifest.files.map((f) => f.path)]) {
      expect(zip.file(name), name).not.toBeNull();
    }
    const readme = await zip.file('README.txt')!.async('string');
    expect(readme.indexOf('vos données personnelles')).toBeLessThan(readme.indexOf('your personal data'));
    expect(readme).toContain(cast.mine.client.user.email);
  });

  it('holds my account and company, without any password hash', async () => {
    const { zip } = await clientExport();
    const account = await json(zip, 'compte.json');
    expect(account.account).toMatchObject({
      id: cast.mine.client.user.id,
      email: cast.mine.client.user.email,
    });
    expect(account.company.siren).toBe(cast.mine.client.user.company!.siren);
    expect(account.account).not.toHaveProperty('passwordHash');
    const everything = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
    expect(everything.join('\n')).not.toContain('$argon2');
  });

  it('holds the dossiers of my company with their status history', async () => {
    const { zip } = await clientExport();
    const { dossiers } = await json(zip, 'dossiers.json');
    expect(dossiers).toHaveLength(1);
    expect(dossiers[0].history.map((e: { toStatus: string }) => e.toStatus)).toContain('documents_pending');
  });

  it('holds the text of the messages I sent', async () => {
    const { zip } = await clientExport();
    const { messages } = await json(zip, 'messages.json');
    expect(messages.map((m: { body: string }) => m.body)).toEqual([cast.said.byClient]);
  });

  it('holds my notifications, without quoting the messages of others', async () => {
    const { zip } = await clientExport();
    const { notifications } = await json(zip, 'notifications.json');
    const newMessage = notifications.find((n: { type: string }) => n.type === 'message.new');
    expect(newMessage.data).toMatchObject({ senderName: expect.any(String) });
    expect(newMessage.data).not.toHaveProperty('excerpt');
  });

  it('holds the exact bytes of the documents I uploaded, in their dossier’s folder', async () => {
    const { zip } = await clientExport();
    const { uploads } = await json(zip, 'documents.json');
    const { files } = dataExportManifest.parse(await json(zip, 'manifest.json'));
    const folder = `documents/${uploads[0].dossierReference}`;
    expect(uploads.map((u: { file: string }) => u.file)).toEqual([
      `${folder}/v1-scan mars_.png`,
      `${folder}/v1-facture.txt`,
    ]);
    for (const [i, bytes] of [cast.scan, cast.invoice].entries()) {
      expect(await zip.file(uploads[i].file)!.async('nodebuffer')).toEqual(bytes);
      expect(files[i]).toEqual({
        path: uploads[i].file,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        available: true,
      });
    }
  });

  it('holds nothing of anyone else: neither their e-mail addresses nor their messages nor their files', async () => {
    const { zip } = await clientExport();
    const everything = (await Promise.all(Object.values(zip.files).map((f) => f.async('string')))).join('\n');
    const { mine, theirs, said } = cast;
    const others = [mine.expert, mine.admin, theirs.client, theirs.expert, theirs.admin, mine.outsider];
    for (const someone of others) expect(everything).not.toContain(someone.user.email);
    for (const text of [said.byExpert, said.byOtherClient, said.byOtherExpert])
      expect(everything).not.toContain(text);
    expect(everything).not.toContain(cast.otherInvoice.toString());
  });

  it('records the export in the audit log', async () => {
    await clientExport();
    const entries = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'entityType'])
      .where('action', '=', 'privacy.data_exported')
      .where('entityId', '=', cast.mine.client.user.id)
      .execute();
    expect(entries).toEqual([{ actorId: cast.mine.client.user.id, entityType: 'user' }]);
  });

  it('is refused when signed out', async () => {
    const { res, bytes } = await exportOf(null);
    expect(res.status).toBe(401);
    expect(JSON.parse(bytes.toString()).error.code).toBe('UNAUTHENTICATED');
  });

  it('is limited to three exports per person and hour', async () => {
    const someone = await registerClient(t);
    for (let i = 0; i < 3; i++) expect((await exportOf(someone)).res.status).toBe(200);
    const refused = await exportOf(someone);
    expect(refused.res.status).toBe(429);
    expect(JSON.parse(refused.bytes.toString()).error.code).toBe('DATA_EXPORT_RATE_LIMITED');
    expect((await exportOf(cast.theirs.client)).res.status).toBe(200);
  });

  it('still answers a complete archive when a stored file cannot be read, and says which', async () => {
    const { theirs } = cast;
    const version = await t.db
      .selectFrom('documentVersions')
      .select('storageKey')
      .where('uploadedBy', '=', theirs.client.user.id)
      .executeTakeFirstOrThrow();
    await rm(path.join(dataDir, 'blobs', version.storageKey));

    const { res, bytes } = await exportOf(theirs.client);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(bytes);
    const { files } = dataExportManifest.parse(await json(zip, 'manifest.json'));
    expect(files).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/facture\.txt$/), available: false }),
    ]);
    expect(await zip.file(files[0]!.path)!.async('nodebuffer')).toHaveLength(0);
  });
});

describe('an expert exporting their data', () => {
  it('gets their profile and the reviews they received', async () => {
    const { admin, expert } = cast.mine;
    const { client, dossierId } = await closedDossierWith(t, admin, expert);
    const text = `Très bon accompagnement ${randomUUID()}`;
    const review = await t.request('POST', `/api/experts/${expert.user.id}/reviews`, {
      token: client.token,
      body: { dossierId, rating: 5, communication: 5, expertise: 4, speed: 4, text },
    });
    expect(review.status, JSON.stringify(review.body)).toBe(201);

    const { res, bytes } = await exportOf(expert);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(bytes);
    expect(await json(zip, 'profil-expert.json')).toMatchObject({
      specialties: ['TICPE'],
      bio: 'Spécialiste douanes.',
    });
    const { received } = await json(zip, 'avis.json');
    expect(received).toEqual([expect.objectContaining({ rating: 5, text })]);
    const { messages } = await json(zip, 'messages.json');
    expect(messages.map((m: { body: string }) => m.body)).toEqual([cast.said.byExpert]);
  });
});
