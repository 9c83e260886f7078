import { z } from 'zod';
import { companySizes, languages, regions, sectors } from './reference.ts';
import { roles, userStatuses } from './roles.ts';
import { isValidSiren } from './siren.ts';

/** Why authentication and account management refuse a request. */
export const userErrorCodes = [
  'INVALID_CREDENTIALS',
  'SESSION_MISMATCH',
  'ACCOUNT_SUSPENDED',
  'ACCOUNT_PENDING',
  'ACCOUNT_STATUS_CHANGE_INVALID',
  'EMAIL_TAKEN',
  'LOGIN_THROTTLED',
  'REGISTRATION_RATE_LIMITED',
  /** An e-mail verification or password reset link that is unknown, used already or expired. */
  'ACCOUNT_LINK_INVALID',
  'EMAIL_ALREADY_VERIFIED',
] as const;

export { type Role, roles, type UserStatus, userStatuses } from './roles.ts';

export const productCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'Code produit invalide');

export const email = z.string().trim().toLowerCase().email('Adresse e-mail invalide').max(254);
export const password = z
  .string()
  .min(10, 'Le mot de passe doit contenir au moins 10 caractères')
  .max(200)
  .refine(
    (p) => /[A-Za-z]/.test(p) && /\d/.test(p),
    'Le mot de passe doit contenir des lettres et des chiffres',
  );
const personName = z.string().trim().min(1).max(80);

export const companyInput = z.object({
  name: z.string().trim().min(2).max(160),
  siren: z
    .string()
    .transform((s) => s.replace(/\s/g, ''))
    .refine(isValidSiren, 'SIREN invalide (9 chiffres, clé de contrôle)'),
  sector: z.enum(sectors),
  size: z.enum(companySizes),
  region: z.enum(regions),
});
export type CompanyInput = z.infer<typeof companyInput>;

export const expertProfileInput = z.object({
  specialties: z.array(productCode).min(1).max(10),
  regions: z.array(z.enum(regions)).min(1).max(18),
  languages: z.array(z.enum(languages)).min(1).max(7),
  bio: z.string().trim().max(4000).default(''),
});
export type ExpertProfileInput = z.infer<typeof expertProfileInput>;

const registerBase = { email, password, firstName: personName, lastName: personName };
/**
 * A client's company. When its SIREN is already registered, the account is created `pending` with a request to join
 * that company, which an admin approves or rejects; the other company fields are then ignored.
 */
const registerCompany = companyInput.describe(
  'The client’s company. If its SIREN is already registered, the account is created pending with a request to join ' +
    'that company, approved or rejected by an administrator (the other company fields are then ignored).',
);
export const registerInput = z.discriminatedUnion('role', [
  z.object({ ...registerBase, role: z.literal('client'), company: registerCompany }),
  z.object({ ...registerBase, role: z.literal('expert'), expert: expertProfileInput }),
]);
export type RegisterInput = z.infer<typeof registerInput>;

export const loginInput = z.object({ email, password: z.string().min(1).max(200) });
export type LoginInput = z.infer<typeof loginInput>;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: password,
});

/** The token of an e-mail verification or password reset link (32 random bytes, base64url). */
const accountLinkToken = z.string().regex(/^[\w-]{43}$/, 'Lien invalide');

export const verifyEmailInput = z.object({ token: accountLinkToken });
export const forgotPasswordInput = z.object({ email });
/** The same answer whether the address has an account or not. */
export const forgotPasswordResult = z.object({ accepted: z.literal(true) });
export const resetPasswordInput = z.object({ token: accountLinkToken, password });
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;
export const changeEmailInput = z.object({ email, password: z.string().min(1).max(200) });
export type ChangeEmailInput = z.infer<typeof changeEmailInput>;

export const company = z.object({
  id: z.string().uuid(),
  name: z.string(),
  siren: z.string(),
  sector: z.enum(sectors),
  size: z.enum(companySizes),
  region: z.enum(regions),
});
export type Company = z.infer<typeof company>;

export const user = z.object({
  id: z.string().uuid(),
  email: z.string(),
  role: z.enum(roles),
  status: z.enum(userStatuses),
  firstName: z.string(),
  lastName: z.string(),
  company: company.nullable(),
  /** Whether the owner proved the address (the link sent at sign-up or after a change). */
  emailVerified: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof user>;

export const authResult = z.object({ user, accessToken: z.string() });
export type AuthResult = z.infer<typeof authResult>;

/** Why sessions ended (logout, password change, refresh token reuse, suspension): sent with `auth:revoked`. */
export type SessionRevokedReason = 'logout' | 'password_changed' | 'refresh_reuse' | 'account_suspended';
