import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../../../common/users.ts';
import { homePath, useSession } from '../lib/session.tsx';
import { LoadingRows } from '../ui/Feedback.tsx';

type Props = { roles: Role[]; allowInactive?: boolean };

/** Gate of a group of pages: anonymous users go to login (and come back), others to their own home. */
export function RequireRole({ roles, allowInactive = false }: Props) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <LoadingRows />;
  if (user === null) {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return <Navigate to={`/connexion?next=${next}`} replace />;
  }
  if (!allowInactive && user.status !== 'active') return <Navigate to="/compte/en-attente" replace />;
  if (!roles.includes(user.role)) return <Navigate to={homePath(user)} replace />;
  return <Outlet />;
}
