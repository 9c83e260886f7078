import type { Role } from '../../common/users.ts';

/**
 * Who acts, as services check it: the one user shape rules take. The shapes that carry more are built on it:
 * `Account` (the auth guard's record: plus the account status), `AuthUser` (a signed-in HTTP caller: plus the
 * session), `SocketUser` (a socket's user: plus the names its events show). The API's user shapes live in common/.
 */
export type Actor = { id: string; role: Role; companyId: string | null };
