import { execFile } from 'node:child_process';
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  type ECDH,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

/**
 * A push service for tests (what FCM or Mozilla's autopush are to a browser): an HTTPS endpoint that takes Web Push
 * requests (RFC 8030), checks their VAPID signature (RFC 8292) and decrypts their payload (RFC 8291, aes128gcm) with
 * the private keys of the fake browser subscriptions it made, as the browser would. Each subscription answers the
 * statuses a test queues (`answers`), 201 otherwise.
 *
 * Its certificate is self-signed, made for the run by the `openssl` binary; it is added to this test process's
 * trusted certificates (as NODE_EXTRA_CA_CERTS would), so the server's code reaches it with the default TLS checks.
 */
export type PushService = {
  origin: string;
  /** A new browser subscription, as `PushSubscription.toJSON()` gives it to the app. */
  subscribe: () => FakeBrowser;
  /** Requests refused because their signature or encryption was wrong (a test expects none). */
  rejected: { endpoint: string; reason: string }[];
  close: () => Promise<void>;
};

export type FakeBrowser = {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** Pushes accepted (answered 2xx), decrypted. */
  received: ReceivedPush[];
  /** Every request made to this subscription, whatever it was answered. */
  attempts: number;
  /** Statuses for the next requests, in order (e.g. 500, then 410); then 201. */
  answers: number[];
};

export type ReceivedPush = {
  payload: unknown;
  ttl: number;
  topic: string | undefined;
  urgency: string | undefined;
  /** The signer's public key (`k=`), which the signature was checked against, and the JWT's claims. */
  vapid: { publicKey: string; claims: { aud: string; exp: number; sub: string } };
};

type Browser = FakeBrowser & { ecdh: ECDH; auth: Buffer };

export async function startPushService(): Promise<PushService> {
  const { key, cert } = await selfSignedCertificate();
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert]);
  const browsers = new Map<string, Browser>();
  const rejected: PushService['rejected'] = [];
  let origin = '';

  const server = createServer({ key, cert }, async (request, response) => {
    const browser = browsers.get(request.url ?? '');
    if (request.method !== 'POST' || !browser) {
      response.writeHead(404).end();
      return;
    }
    const body = await readBody(request);
    browser.attempts += 1;
    const status = browser.answers.shift() ?? 201;
    try {
      const push = receive(request, body, browser, origin);
      if (status < 300) browser.received.push(push);
      response.writeHead(status, status === 201 ? { location: `${origin}/messages/${randomUUID()}` } : {});
    } catch (error) {
      rejected.push({ endpoint: browser.subscription.endpoint, reason: (error as Error).message });
      response.writeHead(400);
    }
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    rejected,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const pathname = `/push/${randomUUID()}`;
      const browser: Browser = {
        subscription: {
          endpoint: `${origin}${pathname}`,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
        received: [],
        attempts: 0,
        answers: [],
        ecdh,
        auth,
      };
      browsers.set(pathname, browser);
      return browser;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The request checked as a push service does, and its payload decrypted as the browser does. */
function receive(request: IncomingMessage, body: Buffer, browser: Browser, origin: string): ReceivedPush {
  if (request.headers['content-encoding'] !== 'aes128gcm')
    throw new Error('content-encoding is not aes128gcm');
  const ttl = Number(request.headers.ttl);
  if (!Number.isInteger(ttl) || ttl < 0) throw new Error('no TTL');
  const topic = header(request, 'topic');
  if (topic !== undefined && !/^[\w-]{1,32}$/.test(topic)) throw new Error(`invalid topic ${topic}`);
  return {
    payload: JSON.parse(decrypt(body, browser).toString('utf8')),
    ttl,
    topic,
    urgency: header(request, 'urgency'),
    vapid: checkVapid(header(request, 'authorization') ?? '', origin),
  };
}

/** RFC 8292: `vapid t=<JWT signed ES256>, k=<public key>`; the JWT names this service and expires within a day. */
function checkVapid(authorization: string, origin: string): ReceivedPush['vapid'] {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+),\s*k=([\w-]+)$/.exec(authorization);
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [, jwtHeader, claimsPart, signature, k] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const point = Buffer.from(k, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = Buffer.from(`${jwtHeader}.${claimsPart}`);
  const jwtSignature = Buffer.from(signature, 'base64url');
  if (!verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jwtSignature)) {
    throw new Error('VAPID signature does not verify');
  }
  const { alg } = JSON.parse(Buffer.from(jwtHeader, 'base64url').toString());
  if (alg !== 'ES256') throw new Error(`VAPID JWT alg ${alg}`);
  const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString());
  const now = Date.now() / 1000;
  if (claims.aud !== origin) throw new Error(`VAPID audience ${claims.aud}`);
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error(`VAPID expiry ${claims.exp}`);
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`VAPID subject ${claims.sub}`);
  return { publicKey: k, claims };
}

/**
 * RFC 8291 §3.4 and RFC 8188: the key and nonce derived from the ECDH secret of the sender's key (in the header) and
 * the browser's private key, with the subscription's auth secret; one record, padding ended by 0x02.
 */
function decrypt(body: Buffer, browser: Browser): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (record.length > recordSize) throw new Error('more than one record');
  const hkdf = (salt: Buffer, ikm: Buffer, info: string | Buffer, length: number) =>
    Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.ecdh.getPublicKey(), senderKey]);
  const ikm = hkdf(browser.auth, browser.ecdh.computeSecret(senderKey), keyInfo, 32);
  const key = hkdf(salt, ikm, 'Content-Encoding: aes128gcm\0', 16);
  const nonce = hkdf(salt, ikm, 'Content-Encoding: nonce\0', 12);
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(-16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('the last record does not end with the 0x02 delimiter');
  return padded.subarray(0, end);
}

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A P-256 key and a certificate for 127.0.0.1, valid a day. */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ft-push-service-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
