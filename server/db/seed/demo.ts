import type { Insertable } from 'kysely';
import { type DossierStatus, findTransition } from '../../../common/dossiers.ts';
import { companySizes, languages, regions, sectors } from '../../../common/reference.ts';
import { sirenWithCheckDigit } from '../../../common/siren.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { Db } from '../pool.ts';
import type { Database } from '../schema.ts';
import { seedProducts } from './catalog.ts';
import { productDefinitions } from './products.ts';
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

const firstNames = [
  'Camille',
  'Louis',
  'Chloé',
  'Hugo',
  'Léa',
  'Lucas',
  'Manon',
  'Jules',
  'Inès',
  'Gabriel',
  'Sarah',
  'Arthur',
  'Emma',
  'Nathan',
  'Jade',
  'Thomas',
  'Zoé',
  'Paul',
  'Alice',
  'Raphaël',
  'Juliette',
  'Antoine',
  'Élodie',
  'Mathieu',
  'Sophie',
  'Nicolas',
  'Claire',
  'Julien',
  'Amandine',
  'Karim',
  'Yasmine',
  'Mehdi',
  'Céline',
  'François',
  'Hélène',
  'Olivier',
];
const lastNames = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
];
const companyWords = [
  'Transports',
  'Logistique',
  'Bâtiment',
  'Services',
  'Industries',
  'Distribution',
  'Agri',
  'Énergie',
  'Nettoyage',
  'Sécurité',
  'Hôtellerie',
  'Ateliers',
];
const companyPlaces = [
  'du Rhône',
  'de Bretagne',
  'Alpins',
  'du Sud-Ouest',
  'de Provence',
  'du Nord',
  'Normands',
  'de Loire',
  'Lorrains',
  'Occitans',
  'Parisiens',
  'Atlantique',
  'des Vosges',
  'du Jura',
];
const titles = [
  'Expert-comptable',
  'Avocat fiscaliste',
  'Consultant en optimisation sociale',
  'Conseil en fiscalité énergétique',
  'Spécialiste douanes et accises',
  'Consultante en fiscalité locale',
];

/** Statuses on the way to each status, so that a seeded dossier has a believable timeline. */
const happyPath: DossierStatus[] = [
  'draft',
  'pre_eligibility_pending',
  'pre_eligibility_review',
  'eligible',
  'expert_pending',
  'expert_assigned',
  'documents_pending',
  'audit_in_progress',
  'audit_proposed',
  'submitted',
  'administration_decided',
  'refunded',
  'closed',
];
function pathTo(status: DossierStatus, random: Random): DossierStatus[] {
  const upTo = (s: DossierStatus) => happyPath.slice(0, happyPath.indexOf(s) + 1);
  switch (status) {
    case 'not_eligible':
      return [...upTo('pre_eligibility_review'), 'not_eligible'];
    case 'refused':
      return [...upTo('administration_decided'), 'refused'];
    case 'cancelled':
      return [
        ...upTo(random.pick(['draft', 'pre_eligibility_pending', 'eligible', 'documents_pending'] as const)),
        'cancelled',
      ];
    default:
      return upTo(status);
  }
}
const demoClientStatuses: DossierStatus[] = ['eligible', 'documents_pending', 'audit_proposed', 'closed'];
const allStatuses = [...happyPath, 'not_eligible', 'refused', 'cancelled'] as DossierStatus[];

async function insertInBatches<T extends keyof Database>(db: Db, table: T, rows: Insertable<Database[T]>[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 1000) as never)
      .execute();
  }
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');

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
  const past = (maxDays: number) => new Date(now.getTime() - random.int(1, maxDays * 24) * 3_600_000);
  const users: Insertable<Database['users']>[] = [];
  const profiles: Insertable<Database['expertProfiles']>[] = [];
  const companies: Insertable<Database['companies']>[] = [];
  const productCodes = productDefinitions.map((p) => p.code);

  const adminId = uuidv7(now.getTime() - 400 * day);
  users.push({
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
  });

  const experts: string[] = [];
  const totalExperts = scale.experts + scale.pendingExperts;
  for (let i = 0; i < totalExperts; i++) {
    const createdAt = past(365);
    const id = uuidv7(createdAt.getTime());
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const pending = i >= scale.experts;
    const isDemo = i === 0;
    users.push({
      id,
      email: isDemo ? demoAccounts.expert.email : `${slug(first)}.${slug(last)}.${i}@experts.demo.fr`,
      passwordHash: isDemo ? expertHash : defaultHash,
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
    profiles.push({
      userId: id,
      specialties,
      regions: isDemo
        ? ['auvergne-rhone-alpes', 'ile-de-france']
        : random.sample(regions.slice(0, 13), random.int(1, 3)),
      languages: random.next() < 0.4 ? ['fr', random.pick(languages.slice(1))] : ['fr'],
      bio: `${random.pick(titles)}, ${random.int(3, 25)} ans d'expérience en ${specialties.join(', ')}. Accompagne les PME et ETI dans leurs démarches de récupération.`,
      createdAt,
      updatedAt: createdAt,
    });
    if (!pending) experts.push(id);
  }

  const clientsByCompany: { companyId: string; userId: string }[] = [];
  for (let i = 0; i < scale.companies; i++) {
    const createdAt = past(300);
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
      email: isDemo ? demoAccounts.client.email : `${slug(first)}.${slug(last)}.${i}@clients.demo.fr`,
      passwordHash: isDemo ? clientHash : defaultHash,
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
  await insertInBatches(db, 'companies', companies);
  await insertInBatches(db, 'users', users);
  await insertInBatches(db, 'expertProfiles', profiles);

  const dossiers: Insertable<Database['dossiers']>[] = [];
  const events: Insertable<Database['dossierEvents']>[] = [];
  let n = 0;
  for (const [index, { companyId, userId }] of clientsByCompany.entries()) {
    const count = index === 0 ? demoClientStatuses.length : scale.dossiersPerCompany;
    const products = random.sample(productCodes, count);
    for (const productCode of products) {
      // The demo client shows a dossier at each key moment; then a round-robin over the statuses, so every status
      // has dossiers whatever the scale.
      const status =
        index === 0
          ? (demoClientStatuses[products.indexOf(productCode)] as DossierStatus)
          : n < allStatuses.length * 2
            ? (allStatuses[n % allStatuses.length] as DossierStatus)
            : random.pick(allStatuses);
      n++;
      const steps = pathTo(status, random);
      const start = past(240).getTime();
      const stepMs = Math.max(3_600_000, Math.floor((now.getTime() - start) / (steps.length + 1)));
      const id = uuidv7(start);
      const reached = (s: DossierStatus) => steps.includes(s);
      const expertId =
        reached('expert_pending') && status !== 'eligible'
          ? index === 0 || n % 5 === 0
            ? (experts[0] as string)
            : random.pick(experts)
          : null;
      const estimated = random.int(20, 900) * 10_000;
      const audited = reached('audit_proposed') ? Math.round(estimated * (0.8 + random.next() * 0.4)) : null;
      const granted =
        reached('administration_decided') && audited
          ? Math.round(audited * (0.7 + random.next() * 0.3))
          : null;
      const obtained = reached('refunded') ? granted : null;
      const changedAt = new Date(start + stepMs * (steps.length - 1));
      dossiers.push({
        id,
        companyId,
        productCode,
        status,
        expertId: status === 'eligible' ? null : expertId,
        estimatedCents: estimated,
        auditedCents: audited,
        grantedCents: granted,
        obtainedCents: obtained,
        administrationReference: reached('submitted') ? `ADM-${random.int(100000, 999999)}` : null,
        simulationId: null,
        createdBy: userId,
        statusChangedAt: changedAt,
        createdAt: new Date(start),
        updatedAt: changedAt,
      });
      steps.forEach((to, i) => {
        const at = start + stepMs * i;
        const from = i === 0 ? null : (steps[i - 1] as DossierStatus);
        const edge = from ? findTransition(from, to) : undefined;
        const byClient = !from || edge?.by.includes('client');
        const byExpert = edge?.by.includes('expert');
        events.push({
          id: uuidv7(at),
          dossierId: id,
          actorId: byClient ? userId : byExpert && expertId ? expertId : adminId,
          type: from ? 'status_changed' : 'created',
          fromStatus: from,
          toStatus: to,
          note: edge?.requires === 'reason' ? 'Motif renseigné lors de la démonstration' : null,
          createdAt: new Date(at),
        });
      });
    }
  }
  await insertInBatches(db, 'dossiers', dossiers);
  await insertInBatches(db, 'dossierEvents', events);
}

export async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}
