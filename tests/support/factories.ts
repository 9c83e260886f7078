import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { uuidv7 } from '../../common/ids.ts';
import { sirenWithCheckDigit } from '../../common/siren.ts';
import type { User } from '../../common/users.ts';
import { usersRepo } from '../../server/modules/users/users.repo.ts';
import { hashPassword } from '../../server/platform/passwords.ts';
import { appWith, type TestApp } from './test-app.ts';

export const PASSWORD = 'Correct-Horse-42';

export type Session = { user: User; token: string; cookie: string };

let sirenCounter = Math.floor(Math.random() * 9_000_000);
export const uniqueSiren = () => sirenWithCheckDigit(String(10_000_000 + (sirenCounter++ % 89_999_999)));
export const uniqueEmail = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}@test.fr`;

/** The refresh cookie set by a response, as a `Cookie` header value. */
export function refreshCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('ft_refresh='));
  expect(cookie, 'refresh cookie set').toBeDefined();
  return cookie!.split(';')[0]!;
}

export function clientInput(overrides: Record<string, unknown> = {}) {
  return {
    email: uniqueEmail('client'),
    password: PASSWORD,
    role: 'client',
    firstName: 'Claire',
    lastName: 'Dupont',
    company: {
      name: 'Transports Dupont',
      siren: uniqueSiren(),
      sector: 'transport_routier',
      size: '10-49',
      region: 'auvergne-rhone-alpes',
    },
    ...overrides,
  };
}

export function expertInput(overrides: Record<string, unknown> = {}) {
  return {
    email: uniqueEmail('expert'),
    password: PASSWORD,
    role: 'expert',
    firstName: 'Eric',
    lastName: 'Martin',
    expert: {
      specialties: ['TICPE'],
      regions: ['ile-de-france'],
      languages: ['fr'],
      bio: 'Spécialiste douanes.',
    },
    ...overrides,
  };
}

async function register(t: TestApp, body: Record<string, unknown>): Promise<Session> {
  const res = await t.request('POST', '/api/auth/register', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { user: res.body.user, token: res.body.accessToken, cookie: refreshCookie(res.headers) };
}

export const registerClient = (t: TestApp, overrides: Record<string, unknown> = {}) =>
  register(t, clientInput(overrides));

/** A registered expert, still pending admin approval. */
export const registerExpert = (t: TestApp, overrides: Record<string, unknown> = {}) =>
  register(t, expertInput(overrides));

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<Session> {
  const res = await t.request('POST', '/api/auth/login', { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { user: res.body.user, token: res.body.accessToken, cookie: refreshCookie(res.headers) };
}

export async function createAdmin(t: TestApp): Promise<Session> {
  const email = uniqueEmail('admin');
  const at = t.clock.now();
  await usersRepo.insertUser(t.db, {
    id: uuidv7(at.getTime()),
    email,
    passwordHash: await hashPassword(PASSWORD),
    role: 'admin',
    status: 'active',
    statusReason: null,
    firstName: 'Ada',
    lastName: 'Admin',
    companyId: null,
    createdAt: at,
    updatedAt: at,
  });
  return login(t, email);
}

/** A registered expert that an admin approved. */
export async function approvedExpert(t: TestApp, admin: Session, overrides: Record<string, unknown> = {}) {
  const expert = await registerExpert(t, overrides);
  const res = await t.request('POST', `/api/admin/users/${expert.user.id}/approve`, { token: admin.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return expert;
}

export async function createDossier(t: TestApp, client: Session, productCode = 'TICPE') {
  const res = await t.request('POST', '/api/dossiers', {
    token: client.token,
    body: { productCode, estimatedCents: 1_000_000 },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string };
}

export async function transition(t: TestApp, who: Session, id: string, body: Record<string, unknown>) {
  return t.request('POST', `/api/dossiers/${id}/transitions`, { token: who.token, body });
}

/** Takes these transitions of a dossier in order, each by its actor and each answered 200. */
export async function walk(
  t: TestApp,
  dossierId: string,
  steps: readonly (readonly [Session, Record<string, unknown>])[],
) {
  for (const [who, body] of steps) {
    const res = await transition(t, who, dossierId, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

/** The app of a test file and an admin on it, made before its tests (the app is closed after them). */
export function appWithAdmin(): { t: TestApp; admin: Session } {
  const { t, cast } = appWith(createAdmin);
  return { t, admin: cast };
}
