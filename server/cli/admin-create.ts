import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { uuidv7 } from '../../common/ids.ts';
import { email, password } from '../../common/users.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { usersRepo } from '../modules/users/users.repo.ts';
import { recordAudit } from '../platform/audit.ts';
import { hashPassword } from '../platform/passwords.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    'first-name': { type: 'string', default: 'Admin' },
    'last-name': { type: 'string', default: 'FinancialTracker' },
  },
});
const generated = values.password === undefined;
const input = z
  .object({ email, password, firstName: z.string().min(1), lastName: z.string().min(1) })
  .safeParse({
    email: values.email,
    password: values.password ?? `${randomBytes(12).toString('base64url')}7a`,
    firstName: values['first-name'],
    lastName: values['last-name'],
  });
if (!input.success) {
  console.error(
    'Usage: npm run admin:create -- --email admin@example.fr [--password …] [--first-name …] [--last-name …]',
  );
  for (const issue of input.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

const database = await openDatabase(loadConfig());
try {
  const { email: mail, password: secret, firstName, lastName } = input.data;
  if (await usersRepo.emailExists(database.db, mail)) {
    console.error(`A user with the e-mail ${mail} already exists.`);
    process.exitCode = 1;
  } else {
    const at = new Date();
    const id = uuidv7(at.getTime());
    const passwordHash = await hashPassword(secret);
    await database.db.transaction().execute(async (trx) => {
      await usersRepo.insertUser(trx, {
        id,
        email: mail,
        passwordHash,
        role: 'admin',
        status: 'active',
        statusReason: null,
        firstName,
        lastName,
        companyId: null,
        createdAt: at,
        updatedAt: at,
      });
      await recordAudit(trx, {
        actorId: null,
        action: 'user.admin_created',
        entityType: 'user',
        entityId: id,
        after: { email: mail },
        at,
      });
    });
    console.log(`Admin created: ${mail}${generated ? `\nGenerated password (shown once): ${secret}` : ''}`);
  }
} finally {
  await database.close();
}
