import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { AuthResult, LoginInput, RegisterInput, User } from '../../../common/users.ts';
import { api, hasSessionHint, renewSession, setAccessToken } from './api.ts';

type SessionState = {
  /** `undefined` while the session is being restored from the refresh cookie. */
  user: User | null | undefined;
  login: (input: LoginInput) => Promise<User>;
  register: (input: RegisterInput) => Promise<User>;
  logout: () => Promise<void>;
  setUser: (user: User) => void;
  forget: () => void;
};

const SessionContext = createContext<SessionState | null>(null);

/** Where a page rendered for a signed-in visitor keeps who they are, among the queries it was rendered with. */
const PAGE_USER_KEY = ['page-user'] as const;

export function setPageUser(queryClient: QueryClient, user: User) {
  queryClient.setQueryData(PAGE_USER_KEY, user);
}

/** The signed-in visitor a page was rendered for (prerender.tsx), if it was rendered for one. */
export function pageUser(queryClient: QueryClient): User | undefined {
  return queryClient.getQueryData<User>(PAGE_USER_KEY);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // A page rendered for the signed-in visitor shows them at once, while their session is renewed. Without the
  // session hint nobody is signed in, and no request is needed to know it.
  const [user, setUser] = useState<User | null | undefined>(
    () => pageUser(queryClient) ?? (hasSessionHint() ? undefined : null),
  );

  useEffect(() => {
    if (!hasSessionHint()) return;
    let cancelled = false;
    const restore = () =>
      renewSession().then(({ session, unreachable }) => {
        if (cancelled) return;
        // Offline, or the server failing: the user a page was rendered for stays; a page that shows nobody yet goes
        // on as signed out. The session is asked for again once the network is back.
        if (unreachable) {
          setUser((shown) => shown ?? null);
          window.addEventListener('online', restore, { once: true });
          return;
        }
        const renewed = session?.user ?? null;
        // The same user as the page was rendered for keeps the same object: nothing renders again.
        setUser((shown) => (shown && renewed && sameUser(shown, renewed) ? shown : renewed));
      });
    void restore();
    return () => {
      cancelled = true;
      window.removeEventListener('online', restore);
    };
  }, []);

  const start = useCallback(
    (session: AuthResult) => {
      queryClient.clear();
      setAccessToken(session.accessToken);
      setUser(session.user);
      return session.user;
    },
    [queryClient],
  );

  const forget = useCallback(() => {
    setAccessToken(null);
    queryClient.clear();
    setUser(null);
  }, [queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      setUser,
      forget,
      login: async (input) =>
        start(await api<AuthResult>('/api/auth/login', { method: 'POST', body: input })),
      register: async (input) =>
        start(await api<AuthResult>('/api/auth/register', { method: 'POST', body: input })),
      logout: async () => {
        try {
          await api('/api/auth/logout', { method: 'POST' });
        } finally {
          forget();
        }
      },
    }),
    [user, start, forget],
  );

  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind RequireRole. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

const sameUser = (a: User, b: User) => JSON.stringify(a) === JSON.stringify(b);

export function homePath(user: User): string {
  if (user.role === 'admin') return '/admin';
  if (user.role === 'expert') return user.status === 'active' ? '/expert' : '/compte/en-attente';
  return '/espace';
}
