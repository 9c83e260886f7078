import type { Services } from '../../services.ts';
import type { Db } from '../pool.ts';
import { demoAccounts } from './demo.ts';

/**
 * The demo's scheduled reports, made through the app's own service (so its rules apply): the admin's weekly platform
 * report and the demo expert's monthly report of their own activity, each to its owner.
 */
export async function seedDemoReports(db: Db, services: Pick<Services, 'schedules'>): Promise<void> {
  const people = await db
    .selectFrom('users')
    .select(['id', 'role', 'companyId', 'email'])
    .where('email', 'in', [demoAccounts.admin.email, demoAccounts.expert.email])
    .execute();
  const admin = people.find((p) => p.email === demoAccounts.admin.email);
  const expert = people.find((p) => p.email === demoAccounts.expert.email);
  if (admin) {
    await services.schedules.create(admin, {
      name: 'Performance hebdomadaire',
      type: 'platform',
      params: {},
      format: 'pdf',
      locale: 'fr',
      frequency: 'weekly',
      weekday: 1,
      hour: 8,
      minute: 0,
      recipients: [admin.email],
    });
  }
  if (expert) {
    await services.schedules.create(expert, {
      name: 'Mon activité du mois',
      type: 'expert',
      params: {},
      format: 'xlsx',
      locale: 'fr',
      frequency: 'monthly',
      monthDay: 1,
      hour: 7,
      minute: 30,
      recipients: [expert.email],
    });
  }
}
