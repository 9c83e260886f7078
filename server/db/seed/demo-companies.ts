import type { Insertable } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import { companySizes, regions, sectors } from '../../../common/reference.ts';
import { sirenWithCheckDigit } from '../../../common/siren.ts';
import type { Database } from '../schema.ts';
import type { Random } from './random.ts';
import { companyPlaces, companyWords, firstNames, lastNames, slug } from './vocabulary.ts';

/**
 * `count` client companies with one user each, the first being the demo client's (`demo`). Every other client signs
 * in with `passwordHash`.
 */
export function demoCompanies(
  random: Random,
  now: Date,
  count: number,
  demo: { email: string; passwordHash: string },
  passwordHash: string,
) {
  const companies: Insertable<Database['companies']>[] = [];
  const users: Insertable<Database['users']>[] = [];
  const clientsByCompany: { companyId: string; userId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = random.before(now, 300);
    const companyId = uuidv7(createdAt.getTime());
    const userId = uuidv7(createdAt.getTime());
    const isDemo = i === 0;
    companies.push({
      id: companyId,
      name: isDemo
        ? 'Transports Martin SAS'
        : `${random.pick(companyWords)} ${random.pick(lastNames)} ${random.pick(companyPlaces)}`,
      siren: sirenWithCheckDigit(String(10_000_000 + i * 7 + 3).padStart(8, '0')),
      sector: isDemo ? 'transport_routier' : random.pick(sectors),
      size: random.pick(companySizes),
      region: isDemo ? 'auvergne-rhone-alpes' : random.pick(regions.slice(0, 13)),
      createdAt,
    });
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    users.push({
      id: userId,
      email: isDemo ? demo.email : `${slug(first)}.${slug(last)}.${i}@clients.demo.fr`,
      passwordHash: isDemo ? demo.passwordHash : passwordHash,
      role: 'client',
      status: 'active',
      statusReason: null,
      firstName: first,
      lastName: last,
      companyId,
      createdAt,
      updatedAt: createdAt,
    });
    clientsByCompany.push({ companyId, userId });
  }
  return { companies, users, clientsByCompany };
}
