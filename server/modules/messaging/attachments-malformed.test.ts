import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { type Cast, dossierWithExpert } from './messaging.factories.ts';

// Found by the fault suite's fuzz (tests/faults): unreadable multipart bodies answered 500.
let t: TestApp;
let cast: Cast;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-attachments-'));
  t = await startTestApp({ dataDir });
  cast = await dossierWithExpert(t);
});

afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function post(contentType: string, body: string) {
  return fetch(`${t.baseUrl}/api/conversations/${cast.conversationId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cast.client.token}`, 'content-type': contentType },
    body,
  });
}

describe('an unreadable attachment upload', () => {
  it('answers 400 VALIDATION_ERROR when the multipart content type has no boundary', async () => {
    const res = await post('multipart/form-data', 'a=1&b=2');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
  });

  it('answers 400 VALIDATION_ERROR when the multipart body is cut short', async () => {
    const body =
      '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n' +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\r\n';
    const res = await post('multipart/form-data; boundary=cut', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
  });

  it('answers 400 however early the parser fails a small cut-short part (20 uploads at once)', async () => {
    const body =
      '--cut\r\nContent-Disposition: form-data; name="x"; filename="\u202efdp.exe"\r\n' +
      `Content-Type: text/html\r\n\r\n${'\u0000'.repeat(100)}\r\n`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post('multipart/form-data; boundary=cut', body)),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 400));
  });
});
