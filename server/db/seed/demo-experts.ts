import type { Insertable } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import { languages, regions } from '../../../common/reference.ts';
import type { Database } from '../schema.ts';
import { productDefinitions } from './products.ts';
import type { Random } from './random.ts';
import { certifications, cities, firstNames, lastNames, slug, titles } from './vocabulary.ts';

/**
 * The experts' accounts and profiles: `count.active` approved ones, the first being the demo expert (`demo`), then
 * `count.pending` awaiting approval. Every other expert signs in with `passwordHash`.
 */
export function demoExperts(
  random: Random,
  now: Date,
  count: { active: number; pending: number },
  demo: { email: string; passwordHash: string },
  passwordHash: string,
) {
  const users: Insertable<Database['users']>[] = [];
  const profiles: Insertable<Database['expertProfiles']>[] = [];
  const activeIds: string[] = [];
  const productCodes = productDefinitions.map((p) => p.code);
  const total = count.active + count.pending;
  for (let i = 0; i < total; i++) {
    const createdAt = random.before(now, 365);
    const id = uuidv7(createdAt.getTime());
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const pending = i >= count.active;
    const isDemo = i === 0;
    users.push({
      id,
      email: isDemo ? demo.email : `${slug(first)}.${slug(last)}.${i}@experts.demo.fr`,
      passwordHash: isDemo ? demo.passwordHash : passwordHash,
      role: 'expert',
      status: pending ? 'pending' : 'active',
      statusReason: null,
      firstName: first,
      lastName: last,
      companyId: null,
      createdAt,
      updatedAt: createdAt,
    });
    const specialties = isDemo ? ['TICPE', 'URSSAF'] : random.sample(productCodes, random.int(1, 3));
    const city = isDemo ? cities[0]! : random.pick(cities);
    const title = random.pick(titles);
    const years = random.int(3, 25);
    const dayRate = !isDemo && random.next() < 0.15;
    profiles.push({
      userId: id,
      specialties,
      regions: isDemo
        ? ['auvergne-rhone-alpes', 'ile-de-france']
        : [...new Set([city.region, ...random.sample(regions.slice(0, 13), random.int(0, 2))])],
      languages: random.next() < 0.4 ? ['fr', random.pick(languages.slice(1))] : ['fr'],
      bio: `${title}, ${years} ans d'expérience en ${specialties.join(', ')}. Accompagne les PME et ETI dans leurs démarches de récupération.`,
      headline: `${title} · ${specialties.join(', ')}`,
      city: city.name,
      department: city.department,
      certifications: random.sample(certifications, random.int(0, 2)),
      yearsByProduct: JSON.stringify(
        Object.fromEntries(specialties.map((code) => [code, random.int(1, years)])),
      ),
      yearsExperience: years,
      feeModel: dayRate ? 'day_rate' : 'commission',
      commissionPercent: dayRate ? null : random.pick([20, 25, 28, 30, 30, 35]),
      dayRateCents: dayRate ? random.int(6, 15) * 10_000 : null,
      capacity: random.int(3, 15),
      verified: isDemo || random.next() < 0.4,
      verifiedAt: isDemo ? createdAt : null,
      medianResponseMinutes: random.next() < 0.1 ? null : random.int(10, 1800),
      createdAt,
      updatedAt: createdAt,
    });
    if (!pending) activeIds.push(id);
  }
  return { users, profiles, activeIds };
}
