import { hash, verify } from '@node-rs/argon2';

// argon2id is the library's default algorithm; these costs are OWASP's recommended minimum.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the e-mail is unknown keeps the timing of both answers alike. */
export const decoyHash = hashPassword('decoy-password-for-unknown-accounts');
