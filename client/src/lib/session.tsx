import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { AuthResult, LoginInput, RegisterInput, User } from '../../../common/users.ts';
import { api, hasSessionHint, refreshSession, setAccessToken } from './api.ts';

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

export function SessionProvider({ children }: { children: ReactNode }) {
  // Without the session hint nobody is signed in, and no request is needed to know it.
  const [user, setUser] = useState<User | null | undefined>(() => (hasSessionHint() ? undefined : null));
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!hasSessionHint()) return;
    let cancelled = false;
    refreshSession().then((session) => {
      if (!cancelled) setUser(session?.user ?? null);
    });
    return () => {
      cancelled = true;
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

export function homePath(user: User): string {
  if (user.role === 'admin') return '/admin';
  if (user.role === 'expert') return user.status === 'active' ? '/expert' : '/compte/en-attente';
  return '/espace';
}
