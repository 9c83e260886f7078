import type { Insertable } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { Db } from '../pool.ts';
import type { Database } from '../schema.ts';
import { seedProducts } from './catalog.ts';
import { seedDemoConversations } from './conversations.ts';
import { demoCompanies } from './demo-companies.ts';
import { demoDossiers } from './demo-dossiers.ts';
import { demoExperts } from './demo-experts.ts';
import { seedDemoNotifications } from './demo-notifications.ts';
import { demoReviews } from './demo-reviews.ts';
import { Random } from './random.ts';

export type SeedScale = {
  experts: number;
  pendingExperts: number;
  companies: number;
  dossiersPerCompany: number;
};
export const demoScale: SeedScale = { experts: 40, pendingExperts: 5, companies: 150, dossiersPerCompany: 2 };

/** Demo accounts, also listed in the README. Every other generated user has DEMO_PASSWORD. */
export const demoAccounts = {
  admin: { email: 'admin@financialtracker.fr', password: 'Admin-Demo-2026' },
  client: { email: 'client@demo.financialtracker.fr', password: 'Client-Demo-2026' },
  expert: { email: 'expert@demo.financialtracker.fr', password: 'Expert-Demo-2026' },
};
export const DEMO_PASSWORD = 'Demo-Password-2026';

/** What `npm start` prints once the demo is all in (documents, workflows, reports): what the tests' servers wait for. */
export const DEMO_COMPLETE = 'Demo data complete: documents, workflows and reports included.';

async function insertInBatches<T extends keyof Database>(db: Db, table: T, rows: Insertable<Database[T]>[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 1000) as never)
      .execute();
  }
}

/** Fills an empty database with a believable platform at the given scale (deterministic for a scale). */
export async function seedDemo(db: Db, scale: SeedScale = demoScale, now = new Date()): Promise<void> {
  await seedProducts(db);
  const random = new Random(42);
  const [defaultHash, adminHash, clientHash, expertHash] = await Promise.all([
    hashPassword(DEMO_PASSWORD),
    hashPassword(demoAccounts.admin.password),
    hashPassword(demoAccounts.client.password),
    hashPassword(demoAccounts.expert.password),
  ]);
  const day = 86_400_000;
  const adminId = uuidv7(now.getTime() - 400 * day);
  const admin: Insertable<Database['users']> = {
    id: adminId,
    email: demoAccounts.admin.email,
    passwordHash: adminHash,
    role: 'admin',
    status: 'active',
    statusReason: null,
    firstName: 'Agathe',
    lastName: 'Lemoine',
    companyId: null,
    createdAt: new Date(now.getTime() - 400 * day),
    updatedAt: now,
  };

  const experts = demoExperts(
    random,
    now,
    { active: scale.experts, pending: scale.pendingExperts },
    { email: demoAccounts.expert.email, passwordHash: expertHash },
    defaultHash,
  );
  const clients = demoCompanies(
    random,
    now,
    scale.companies,
    { email: demoAccounts.client.email, passwordHash: clientHash },
    defaultHash,
  );
  await insertInBatches(db, 'companies', clients.companies);
  // The demo's people confirmed their addresses when they signed up.
  const verified = (user: Insertable<Database['users']>) => ({ ...user, emailVerifiedAt: user.createdAt });
  await insertInBatches(db, 'users', [admin, ...experts.users, ...clients.users].map(verified));
  await insertInBatches(db, 'expertProfiles', experts.profiles);

  const { dossiers, events } = demoDossiers(
    random,
    now,
    clients.clientsByCompany,
    experts.activeIds,
    adminId,
    scale.dossiersPerCompany,
  );
  await insertInBatches(db, 'dossiers', dossiers);
  await insertInBatches(db, 'dossierEvents', events);
  await insertInBatches(db, 'reviews', demoReviews(random, now, dossiers));
  await seedDemoConversations(db, random, now);
  await seedDemoNotifications(db, now, {
    admin: demoAccounts.admin.email,
    client: demoAccounts.client.email,
    expert: demoAccounts.expert.email,
  });
}

export async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}
