import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { demoScale, isEmpty, seedDemo } from '../db/seed/demo.ts';

const { values } = parseArgs({
  options: {
    experts: { type: 'string' },
    'pending-experts': { type: 'string' },
    companies: { type: 'string' },
    'dossiers-per-company': { type: 'string' },
  },
});
const count = (v: string | undefined, fallback: number) => {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Invalid count: ${v}`);
  return n;
};
const scale = {
  experts: Math.max(1, count(values.experts, demoScale.experts)),
  pendingExperts: count(values['pending-experts'], demoScale.pendingExperts),
  companies: Math.max(1, count(values.companies, demoScale.companies)),
  dossiersPerCompany: count(values['dossiers-per-company'], demoScale.dossiersPerCompany),
};

const database = await openDatabase(loadConfig());
try {
  if (!(await isEmpty(database.db))) {
    console.error('The database already has users: seeding only fills an empty database.');
    process.exitCode = 1;
  } else {
    const started = Date.now();
    await seedDemo(database.db, scale);
    console.log(`Seeded ${JSON.stringify(scale)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await database.close();
}
